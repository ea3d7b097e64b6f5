/**
 * Test utilities for adopters' own tests of templates that use the Golden Path GitHub and AWS actions.
 *
 * @packageDocumentation
 */
export { startFakeGithub } from './fakeGithub';
export type {
  FakeGithub,
  FakeGithubIssue,
  FakeGithubOptions,
  FakeGithubRepo,
  RecordedRequest,
} from './fakeGithub';
export { fakeAws, startFakeAws } from './awsFake';
export type {
  FakeAws,
  FakeAwsTransport,
  StartFakeAwsOptions,
  StartedFakeAws,
  FakeAwsCall,
  FakeAwsDriftOptions,
  FakeAwsFaultOptions,
  FakeAwsOptions,
  FakeAwsResource,
  FakeAwsService,
} from './awsFake';
export type { AwsWireCall } from './awsWire/server';
export type { Intercept, Interception } from './interception';
export type {
  AwsAccess,
  AwsAccessProvider,
  AwsClientClass,
} from '../aws/access';
