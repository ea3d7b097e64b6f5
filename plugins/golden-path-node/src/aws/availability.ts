/**
 * What the provider says about one resource now: `missing` when it holds none of that name;
 * otherwise whether its creation is still going on, ended available, or ended failed.
 * @public
 */
export type ProviderAvailability =
  | { state: 'missing' }
  | {
      state: 'creating' | 'available' | 'failed';
      /** The provider's own status word, e.g. `backing-up` or `create-failed`. */
      status: string;
      /** Where clients connect (`host:port`), once available. */
      endpoint?: string;
      /** Its `golden-path:task-id` tag: the task that created it. */
      taskId?: string;
    };

/** The tag every Golden Path resource carries naming the task that created it. */
export const TASK_ID_TAG = 'golden-path:task-id';

/** The value of one tag in an AWS tag list. */
export const tagValue = (
  tags: Array<{ Key?: string; Value?: string }> | undefined,
  key: string,
) => tags?.find(t => t.Key === key)?.Value;

/** Sorts a provider status word into the three states a creation can be in. */
export function stateOf(
  status: string,
  words: { available: string[]; failed: string[] },
): 'creating' | 'available' | 'failed' {
  if (words.available.includes(status)) return 'available';
  if (words.failed.includes(status)) return 'failed';
  return 'creating';
}
