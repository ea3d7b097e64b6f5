import type {
  AwsWireCall,
  Interception,
  RecordedRequest,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';

/** One request a task sends to a stand-in, named without the task's own resource names. */
export interface TaskCall {
  label: string;
  occurrence: number;
  mutating: boolean;
}

/** Where a task is stopped: at the n-th occurrence of a call, before or after it is handled. */
export interface KillPoint extends TaskCall {
  mode: Exclude<Interception, 'answer'>;
}

const TASK_NAME = /crash-(\d+)/;

/** Which task (by its `crash-<n>` name) a stand-in request belongs to, if any. */
export function taskOf(text: string): number | undefined {
  const match = TASK_NAME.exec(text);
  return match ? Number(match[1]) : undefined;
}

export const githubLabel = (r: RecordedRequest) => ({
  text: `${r.path} ${JSON.stringify(r.body ?? {})}`,
  label: `github ${r.method} ${r.path.replace(/crash-\d+/g, '{name}')}`,
  mutating: r.method !== 'GET',
});

export const awsLabel = (c: AwsWireCall) => ({
  text: JSON.stringify(c.input),
  label: `aws ${c.service} ${c.operation}`,
  mutating: !/^(Get|Describe|Head|List)/.test(c.operation),
});

/**
 * The kill points of a run from its calls: before and after every mutating call (the first and
 * last of a repeated one), which covers every step boundary with a side effect; and after the
 * first read of catalog-info.yaml, which is mid-registration.
 */
export function killPointsOf(calls: TaskCall[]): KillPoint[] {
  const last = new Map<string, number>();
  for (const call of calls) last.set(call.label, call.occurrence);
  const points: KillPoint[] = [];
  let registrationRead = false;
  for (const call of calls) {
    const repeated =
      call.occurrence > 1 && call.occurrence < last.get(call.label)!;
    if (call.mutating && !repeated) {
      points.push({ ...call, mode: 'drop-before' });
      points.push({ ...call, mode: 'drop-after' });
    } else if (!registrationRead && /catalog-info\.yaml/.test(call.label)) {
      registrationRead = true;
      points.push({ ...call, mode: 'drop-after' });
    }
  }
  return points;
}
