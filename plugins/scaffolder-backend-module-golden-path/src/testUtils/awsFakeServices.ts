import type { AwsKindRequests } from '@golden-path/plugin-golden-path-common';
import { EC2_FAKE } from '../actions/aws/ec2-instance/fake';
import { ELASTICACHE_FAKE } from '../actions/aws/elasticache-redis/fake';
import { RDS_FAKE } from '../actions/aws/rds-instance/fake';
import { S3_FAKE } from '../actions/aws/s3-bucket/fake';
import type { FakeAwsServiceDefinition } from './awsFake/service';

type AwsKind = keyof AwsKindRequests;

/**
 * The service the AWS fake models for each AWS resource kind. Typed over every kind, so a kind
 * registered without a fake fails typecheck here.
 */
export const FAKE_AWS_SERVICES = {
  's3-bucket': S3_FAKE,
  'rds-instance': RDS_FAKE,
  'elasticache-redis': ELASTICACHE_FAKE,
  'ec2-instance': EC2_FAKE,
} as const satisfies { readonly [K in AwsKind]: FakeAwsServiceDefinition };
