// The AWS account access lives in the node package, so the actions and the golden-path backend's
// reconciler share one typed client accessor and one credentials set-up.
export {
  clientsFrom,
  createAwsAccessProvider,
} from '@golden-path/plugin-golden-path-node';
export type {
  AwsAccess,
  AwsAccessProvider,
  AwsClientClass,
} from '@golden-path/plugin-golden-path-node';
