import { createPermission } from '@backstage/plugin-permission-common';

/** Read Golden Path run metrics (summary, time series, breakdowns, CSV export). @public */
export const metricsReadPermission = createPermission({
  name: 'golden-path.metrics.read',
  attributes: { action: 'read' },
});

/** @public */
export const goldenPathPermissions = [metricsReadPermission];
