import { DBInstance } from '@aws-sdk/client-rds';
import { RdsInstanceRequest } from '@golden-path/plugin-golden-path-common';

/** Every way the instance differs from the baseline (checked on AWS's answer, not our request). */
export function baselineProblems(
  db: DBInstance | undefined,
  request: RdsInstanceRequest,
): string[] {
  const problems: string[] = [];
  if (db?.StorageEncrypted !== true) problems.push('storage is not encrypted');
  if (db?.PubliclyAccessible !== false)
    problems.push('it is publicly accessible');
  if (!db?.MasterUserSecret?.SecretArn)
    problems.push('the master password is not managed by Secrets Manager');
  if (request.deletionProtection && db?.DeletionProtection !== true)
    problems.push('deletion protection is off');
  if ((db?.BackupRetentionPeriod ?? 0) < (request.backupRetentionDays ?? 1))
    problems.push(
      `backup retention is ${db?.BackupRetentionPeriod ?? 0} days, not ${
        request.backupRetentionDays
      }`,
    );
  return problems;
}
