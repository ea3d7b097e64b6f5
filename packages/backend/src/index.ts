/*
 * The Backstage backend used to run Golden Path locally and in the end-to-end tests:
 * catalog, scaffolder, auth (guest locally), permissions, events, notifications, MCP actions and the
 * Golden Path plugins.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// The Slack door's sign-in (docs/slack.md): off until auth.providers.golden-path-slack is set.
backend.add(import('@golden-path/plugin-golden-path-backend/auth'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@golden-path/plugin-catalog-backend-module-golden-path'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@golden-path/plugin-scaffolder-backend-module-golden-path'),
);

backend.add(import('@golden-path/plugin-golden-path-backend'));

// Notifications (exceptions asked for and decided) and their live delivery to the browser.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// AI agents: registered actions (backend.actions.pluginSources) as MCP tools at /api/mcp-actions/v1.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
