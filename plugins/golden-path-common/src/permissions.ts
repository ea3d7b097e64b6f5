import { createPermission } from '@backstage/plugin-permission-common';

/** Read Golden Path run metrics (summary, time series, breakdowns, CSV export). @public */
export const metricsReadPermission = createPermission({
  name: 'golden-path.metrics.read',
  attributes: { action: 'read' },
});

/** Mark an inventory resource deleted (it was removed outside Golden Path). @public */
export const resourcesUpdatePermission = createPermission({
  name: 'golden-path.resources.update',
  attributes: { action: 'update' },
});

/** @public */
export const goldenPathPermissions = [metricsReadPermission, resourcesUpdatePermission];
