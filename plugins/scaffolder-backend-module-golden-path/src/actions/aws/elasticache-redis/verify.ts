import { ReplicationGroup } from '@aws-sdk/client-elasticache';

/** Every way the created group differs from the baseline (checked on AWS's answer, not our request). */
export function baselineProblems(g: ReplicationGroup | undefined): string[] {
  const problems: string[] = [];
  if (!g?.AtRestEncryptionEnabled) problems.push('not encrypted at rest');
  if (!g?.TransitEncryptionEnabled || g.TransitEncryptionMode !== 'required')
    problems.push(
      `transit encryption mode is ${
        g?.TransitEncryptionMode ?? 'off'
      }, not required`,
    );
  return problems;
}
