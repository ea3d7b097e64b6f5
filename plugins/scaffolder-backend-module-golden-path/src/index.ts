/**
 * Golden Path scaffolder actions (golden-path:*).
 *
 * @packageDocumentation
 */
export { goldenPathScaffolderModule as default } from './module';
export { createGoldenPathActions } from './actions';
export {
  createGuardrailsCheckAction,
  GUARDRAILS_CHECK_ID,
} from './actions/guardrails/check';
export {
  createGithubRepoCreateAction,
  REPO_CREATE_ID,
} from './actions/github/github-repo/action';
export {
  createGithubSecretSetAction,
  SECRET_SET_ID,
} from './actions/github/github-secret/action';
export {
  createS3BucketAction,
  S3_CREATE_ID,
} from './actions/aws/s3-bucket/action';
export {
  createRdsInstanceAction,
  RDS_CREATE_ID,
} from './actions/aws/rds-instance/action';
export {
  createElastiCacheAction,
  ELASTICACHE_CREATE_ID,
} from './actions/aws/elasticache-redis/action';
export {
  createCatalogRegisterAction,
  CATALOG_REGISTER_ID,
} from './actions/catalog/register';
export type { CatalogRegisterDeps } from './actions/catalog/register';
export { createAwsAccessProvider, clientsFrom } from './aws/access';
export type {
  AwsAccess,
  AwsAccessProvider,
  AwsClientClass,
} from './aws/access';
export { createGithubAccessProvider } from './github/access';
export type { GithubAccess, GithubAccessProvider } from './github/access';
export type { GuardDeps } from './guard';
export type { ResourceLedger } from './ledger';
