import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { goldenPathPolicyServiceRef } from '@golden-path/plugin-golden-path-node';
import { createGuardrailsCheckAction } from './actions/guardrails/check';
import { createTeamSpendSource } from './teamSpend';

/**
 * Registers the golden-path:* scaffolder actions.
 * @public
 */
export const goldenPathScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        policy: goldenPathPolicyServiceRef,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, policy, discovery, auth }) {
        const deps = { policy, spend: createTeamSpendSource({ discovery, auth }) };
        scaffolder.addActions(createGuardrailsCheckAction(deps));
      },
    });
  },
});
