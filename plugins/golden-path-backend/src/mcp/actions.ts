import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import { ResourceStore } from '../service/ResourceStore';
import { registerEvaluateAction } from './evaluateAction';
import { registerListTemplatesAction } from './listTemplatesAction';
import { registerTaskActions } from './taskActions';

export { MCP_ACTION_NAMES } from './names';

export interface GoldenPathActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
  logger: LoggerService;
  catalog: CatalogService;
  directory: Pick<TrustedDirectory, 'groupsOf' | 'isTrusted'>;
  policy: GoldenPathPolicyService;
  store: Pick<ResourceStore, 'monthlySpendByOwner'>;
}

/**
 * Registers the Golden Path actions with Backstage's actions registry, where
 * `@backstage/plugin-mcp-actions-backend` serves them as MCP tools. Each runs with the caller's
 * own credentials; nothing here decides what is allowed that the evaluator, the scaffolder and
 * the golden-path actions do not decide for a task from the Create page.
 */
export function registerGoldenPathActions(options: GoldenPathActionsOptions) {
  registerEvaluateAction(options);
  registerListTemplatesAction(options);
  registerTaskActions(options);
}
