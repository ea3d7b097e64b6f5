/**
 * The auth backend module of the golden-path Slack door: `backend.add(import('@golden-path/plugin-golden-path-backend/auth'))`.
 *
 * @packageDocumentation
 */
export { goldenPathSlackAuthModule as default } from './slack/authModule';
