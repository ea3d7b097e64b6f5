/**
 * Test utilities for adopters' own tests of templates that use the Golden Path GitHub actions.
 *
 * @packageDocumentation
 */
export { startFakeGithub } from './fakeGithub';
export type {
  FakeGithub,
  FakeGithubOptions,
  FakeGithubRepo,
  RecordedRequest,
} from './fakeGithub';
