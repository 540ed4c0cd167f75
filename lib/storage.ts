import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/contract';
import { acknowledgeNag } from './nag';

/**
 * TRIGGER_BUCKETS / OUTPUT_BUCKETS for the functions that validate schemas and tasks: the buckets a
 * deployment serves (lambdas/core/schemas/stack-buckets.ts).
 */
export function stackBucketsEnvironment(
  triggerBuckets: readonly s3.IBucket[],
  outputBuckets: readonly s3.IBucket[],
): Record<string, string> {
  const names = (buckets: readonly s3.IBucket[]) =>
    Fn.join(
      ',',
      buckets.map((b) => b.bucketName),
    );
  return { [ENV.triggerBuckets]: names(triggerBuckets), [ENV.outputBuckets]: names(outputBuckets) };
}

export interface MpsStorageProps {
  /**
   * Existing buckets whose uploads trigger schemas. EventBridge delivery is turned on for each: for a
   * bucket from outside this stack, a notification custom resource adds it to the bucket's existing
   * notification configuration (unmanaged: the bucket's other notifications are kept). A bucket
   * encrypted with a customer-managed key must be imported with its key
   * (`Bucket.fromBucketAttributes(scope, id, { bucketName, encryptionKey })`) so that it is granted.
   * @default - one trigger bucket is created
   */
  readonly triggerBuckets?: s3.IBucket[];

  /**
   * Existing buckets outputs are written to (with their key when SSE-KMS, as for `triggerBuckets`).
   * @default - one output bucket is created
   */
  readonly outputBuckets?: s3.IBucket[];

  /**
   * What happens to the buckets the stack creates when they are removed from it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Days after which incomplete multipart uploads are aborted in the created buckets.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadAfterDays?: number;

  /**
   * Days the server access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;

  /**
   * Days after which noncurrent versions of objects expire in the versioned buckets created here (an
   * output written again, e.g. by a restarted task, leaves its previous version behind).
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;

  /**
   * Days after which objects in the work bucket (companion outputs of frame-capture jobs) expire.
   * @default 1
   */
  readonly workObjectExpirationDays?: number;
}

/**
 * The service's buckets: trigger buckets (uploads start schemas, EventBridge notifications on) and
 * output buckets, either created here (SSE-S3, SSL only, no public access, versioned with noncurrent
 * versions expiring, access-logged) or given; and the work bucket, where MediaConvert writes the companion outputs that
 * frame-capture jobs need (lambdas/core/mediaconvert/companion.ts), expired after a day.
 */
export class MpsStorage extends Construct {
  /** Buckets whose uploads trigger schemas. */
  public readonly triggerBuckets: s3.IBucket[];
  /** Buckets the service writes outputs to. */
  public readonly outputBuckets: s3.IBucket[];
  /** Scratch objects of the service (companion outputs), expired by a lifecycle rule. */
  public readonly workBucket: s3.IBucket;
  /** Server access log bucket of the buckets the stack creates. */
  public readonly accessLogBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: MpsStorageProps = {}) {
    super(scope, id);
    // Deliver server access logs through a bucket policy (logging.s3.amazonaws.com) instead of the legacy
    // LogDeliveryWrite ACL, which new buckets (ACLs disabled, BucketOwnerEnforced) reject.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const noncurrent = Duration.days(props.noncurrentVersionExpirationDays ?? 30);

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED, // server access logging supports SSE-S3 only
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy,
      lifecycleRules: [
        {
          expiration: Duration.days(props.accessLogRetentionDays ?? 365),
          noncurrentVersionExpiration: noncurrent,
        },
      ],
    });

    const workDays = Duration.days(props.workObjectExpirationDays ?? 1);
    this.workBucket = new s3.Bucket(this, 'WorkBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'WorkBucket/',
      lifecycleRules: [{ expiration: workDays, abortIncompleteMultipartUploadAfter: workDays }],
    });

    const createBucket = (bucketId: string, eventBridgeEnabled: boolean): s3.Bucket =>
      new s3.Bucket(this, bucketId, {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        eventBridgeEnabled,
        removalPolicy,
        serverAccessLogsBucket: this.accessLogBucket,
        serverAccessLogsPrefix: `${bucketId}/`,
        lifecycleRules: [
          {
            abortIncompleteMultipartUploadAfter: Duration.days(
              props.abortIncompleteMultipartUploadAfterDays ?? 7,
            ),
            noncurrentVersionExpiration: noncurrent,
          },
        ],
      });

    if (props.triggerBuckets?.length) {
      this.triggerBuckets = props.triggerBuckets;
      for (const bucket of this.triggerBuckets) bucket.enableEventBridgeNotification();
    } else {
      this.triggerBuckets = [createBucket('TriggerBucket', true)];
    }
    this.outputBuckets = props.outputBuckets?.length
      ? props.outputBuckets
      : [createBucket('OutputBucket', false)];

    // eventBridgeEnabled is applied by CDK's stack-wide BucketNotifications custom resource handler.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('BucketNotificationsHandler')) {
        acknowledgeNag(
          child,
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          "CDK's own BucketNotifications handler (turns on EventBridge delivery on the trigger buckets at deploy " +
            'time); its role is created by aws-cdk-lib and only needs to write its logs.',
        );
      }
    }
  }
}
