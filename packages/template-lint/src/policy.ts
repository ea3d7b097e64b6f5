import { ConfigReader } from '@backstage/config';
import { GoldenPathPolicy } from '@golden-path/plugin-golden-path-common';
import { createPolicyService } from '@golden-path/plugin-golden-path-node';
import fs from 'node:fs';
import YAML from 'yaml';

/**
 * The effective policy from app-config files (later files override earlier ones, as Backstage
 * merges them), resolved by the same service the backend uses. Environment substitutions
 * (`${VAR}`) are not expanded: keep the policy itself free of them.
 * @public
 */
export function loadPolicy(configFiles: string[]): GoldenPathPolicy {
  const configs = configFiles.map(file => ({
    context: file,
    data: (YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}) as any,
  }));
  return createPolicyService(ConfigReader.fromConfigs(configs)).getPolicy();
}
