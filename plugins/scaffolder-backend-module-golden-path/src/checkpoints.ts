import { JsonObject } from '@backstage/types';

type Checkpoint = <T extends JsonObject>(opts: {
  key: string;
  fn: () => Promise<T>;
}) => Promise<T>;

/**
 * Creates a resource inside a checkpoint and returns a "generation" for the keys of the steps
 * that follow. When an earlier attempt created the resource and then rolled it back, the cached
 * checkpoint would remember a resource that is gone: `exists` notices, and the resource is created
 * again under a new key, so a retry converges instead of failing forever.
 */
export async function checkpointedCreate<T extends JsonObject>(options: {
  checkpoint: Checkpoint;
  key: string;
  create: () => Promise<T>;
  exists: (created: T) => Promise<boolean>;
  maxGenerations?: number;
}): Promise<{ created: T; generation: number }> {
  const max = options.maxGenerations ?? 3;
  for (let generation = 0; ; generation++) {
    const key =
      generation === 0 ? options.key : `${options.key}.g${generation}`;
    const created = await options.checkpoint({ key, fn: options.create });
    if (generation === max - 1 || (await options.exists(created)))
      return { created, generation };
  }
}
