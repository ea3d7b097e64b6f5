import { awsErrorText } from '../../aws/commands';

/**
 * Deletes a resource AWS answered for without the baseline, logs whether that worked, then fails
 * the step. Settings like encryption cannot be changed after creation, so a non-compliant resource
 * is removed rather than left for someone to notice.
 */
export async function rollBackNonCompliant(options: {
  logger: { error(message: string): void };
  /** Its id, as the log names it. */
  id: string;
  /** What it is, for the error, e.g. `DB instance payments-db`. */
  label: string;
  problems: string[];
  remove: () => Promise<unknown>;
}): Promise<never> {
  const { logger, id, label, problems } = options;
  logger.error(
    `${id} does not meet the baseline (${problems.join('; ')}); rolling back`,
  );
  await options.remove().then(
    () => logger.error(`Rolled back: deleting ${id}`),
    e =>
      logger.error(
        `Could not delete ${id} (${awsErrorText(
          e,
        )}): it is not compliant, delete it by hand`,
      ),
  );
  throw new Error(
    `${label} was created without the baseline: ${problems.join('; ')}`,
  );
}
