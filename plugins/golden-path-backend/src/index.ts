/**
 * The golden-path backend plugin.
 *
 * @packageDocumentation
 */
export { goldenPathPlugin as default } from './plugin';
export { ResourceStore } from './service/ResourceStore';
export type { ResourceRow } from './service/ResourceStore';
