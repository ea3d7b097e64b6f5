import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { metricsReadPermission } from '@golden-path/plugin-golden-path-common';
import type { Request } from 'express';

/** Metrics and ticket figures are read by users and services allowed `golden-path.metrics.read`. */
export async function requireMetricsRead(
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
  req: Request,
): Promise<void> {
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await deps.permissions.authorize(
    [{ permission: metricsReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(
      'Not allowed to read Golden Path metrics (golden-path.metrics.read)',
    );
}
