import { awsErrorName } from '@golden-path/plugin-golden-path-node';

/** One AWS SDK command, fully built: what plan mode logs and live mode sends. */
export interface PlannedCommand<C = any> {
  /** Stable, secret-free id; part of the checkpoint key. */
  id: string;
  command: C;
  purpose: string;
}

/** `CreateBucketCommand {"Bucket":…}` for the log. */
export function describeCommand(planned: PlannedCommand): string {
  return `${planned.command.constructor.name.replace(
    /Command$/,
    '',
  )} ${JSON.stringify(planned.command.input)}  (${planned.purpose})`;
}

// One definition, shared with the golden-path backend's reconciler.
export { awsErrorName };

/** AWS's own text, without request details (never secrets here, but keep errors short). */
export const awsErrorText = (e: unknown): string =>
  `${awsErrorName(e) ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`;
