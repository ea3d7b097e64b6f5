import { createRouteRef } from '@backstage/core-plugin-api';

/** The route of the Golden Path Impact page. @public */
export const rootRouteRef = createRouteRef({ id: 'golden-path' });
