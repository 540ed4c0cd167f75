import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { MpsAlarms } from './alarms';
import type { MpsControlApi } from './control-api';
import type { MpsIngestion } from './ingestion';
import type { MpsMediaAi } from './media-ai';
import { MpsService, type MpsServiceProps } from './mps-service';
import type { MpsNotifications } from './notifications';
import type { MpsProcessing } from './processing';
import type { MpsSeed } from './seed';
import type { MpsState } from './state';
import type { MpsStorage } from './storage';

export interface MpsStackProps
  extends
    StackProps,
    Omit<
      MpsServiceProps,
      'triggerBuckets' | 'outputBuckets' | 'assetBuckets' | 'defaultNotifyFunction' | 'alarmTopic'
    > {
  /**
   * Existing buckets whose uploads trigger schemas (EventBridge delivery is turned on for them, keeping
   * their other notifications).
   * @default - the stack creates one trigger bucket
   */
  readonly triggerBucketNames?: string[];

  /**
   * Existing buckets outputs are written to.
   * @default - the stack creates one output bucket
   */
  readonly outputBucketNames?: string[];

  /**
   * Existing buckets MediaConvert may read besides the trigger buckets (e.g. watermark images).
   * @default - none
   */
  readonly assetBucketNames?: string[];

  /**
   * Customer-managed KMS keys of the existing buckets that use SSE-KMS, by bucket name: MediaConvert and
   * the functions get kms:Decrypt / kms:GenerateDataKey on them, through S3 only.
   * @default - none (SSE-S3 or AWS-managed keys)
   */
  readonly bucketKeyArns?: Record<string, string>;

  /**
   * ARN of a Lambda function that receives every task's TaskFinished event.
   * @default - none
   */
  readonly defaultNotifyFunctionArn?: string;
}

/** mps-aws as a stack: MpsService with buckets imported by name, and the outputs the CLI reads. */
export class MpsStack extends Stack {
  public readonly service: MpsService;
  public readonly state: MpsState;
  public readonly storage: MpsStorage;
  public readonly notifications: MpsNotifications;
  public readonly processing: MpsProcessing;
  /** Rekognition Video and Transcribe for the AI items (absent with `mediaAi: false`). */
  public readonly mediaAi?: MpsMediaAi;
  public readonly ingestion: MpsIngestion;
  public readonly api: MpsControlApi;
  public readonly seed: MpsSeed;
  public readonly alarms: MpsAlarms;
  /** The correlation id written to UserMetadata.mpsStackId (the stack name). */
  public readonly mpsStackId: string;

  constructor(scope: Construct, id: string, props: MpsStackProps = {}) {
    super(scope, id, props);
    const {
      triggerBucketNames,
      outputBucketNames,
      assetBucketNames,
      bucketKeyArns = {},
      defaultNotifyFunctionArn,
      ...serviceProps
    } = props;
    const unknownKeys = Object.keys(bucketKeyArns).filter(
      (name) =>
        ![...(triggerBucketNames ?? []), ...(outputBucketNames ?? []), ...(assetBucketNames ?? [])].includes(
          name,
        ),
    );
    if (unknownKeys.length > 0) {
      throw new Error(
        `bucketKeyArns names bucket(s) ${unknownKeys.join(', ')} that are not trigger, output or asset buckets`,
      );
    }
    const imported = new Map<string, s3.IBucket>();
    const bucket = (name: string): s3.IBucket => {
      let b = imported.get(name);
      if (!b) {
        const keyArn = bucketKeyArns[name];
        b = s3.Bucket.fromBucketAttributes(this, `Bucket-${name}`, {
          bucketName: name,
          ...(keyArn ? { encryptionKey: kms.Key.fromKeyArn(this, `BucketKey-${name}`, keyArn) } : {}),
        });
        imported.set(name, b);
      }
      return b;
    };

    this.service = new MpsService(this, 'Service', {
      ...serviceProps,
      triggerBuckets: triggerBucketNames?.map(bucket),
      outputBuckets: outputBucketNames?.map(bucket),
      assetBuckets: assetBucketNames?.map(bucket),
      defaultNotifyFunction: defaultNotifyFunctionArn
        ? lambda.Function.fromFunctionArn(this, 'DefaultNotifyFunction', defaultNotifyFunctionArn)
        : undefined,
    });
    const svc = this.service;
    this.state = svc.state;
    this.storage = svc.storage;
    this.notifications = svc.notifications;
    this.processing = svc.processing;
    this.mediaAi = svc.mediaAi;
    this.ingestion = svc.ingestion;
    this.api = svc.api;
    this.seed = svc.seed;
    this.alarms = svc.alarms;
    this.mpsStackId = svc.serviceId;
    const table = this.state.table;
    const n = this.notifications;
    const p = this.processing;
    const i = this.ingestion;

    const names = (buckets: s3.IBucket[]) =>
      Fn.join(
        ',',
        buckets.map((b) => b.bucketName),
      );
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Control API base URL (SigV4, IAM auth)',
    });
    if (this.service.consoleHosting && this.service.consoleAuth) {
      new CfnOutput(this, 'ConsoleUrl', {
        value: this.service.consoleHosting.origin,
        description: 'Web console (sign in with a user of ConsoleUserPoolId)',
      });
      new CfnOutput(this, 'ConsoleUserPoolId', {
        value: this.service.consoleAuth.userPool.userPoolId,
        description:
          'Cognito user pool of the web console (create users with aws cognito-idp admin-create-user)',
      });
    }
    new CfnOutput(this, 'TriggerBucket', {
      value: names(this.storage.triggerBuckets),
      description: 'Trigger bucket(s)',
    });
    new CfnOutput(this, 'OutputBucket', {
      value: names(this.storage.outputBuckets),
      description: 'Output bucket(s)',
    });
    new CfnOutput(this, 'WorkBucket', {
      value: this.storage.workBucket.bucketName,
      description: 'Companion outputs of frame-capture jobs (expire after a day)',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'StackCorrelationId', {
      value: this.mpsStackId,
      description: 'UserMetadata.mpsStackId',
    });
    new CfnOutput(this, 'MediaConvertRoleArn', { value: p.mediaConvertRole.roleArn });
    new CfnOutput(this, 'NotifyQueueUrl', { value: n.notifyQueue.queueUrl });
    new CfnOutput(this, 'CallbackSecretArn', { value: n.callbackSecret.secretArn });
    new CfnOutput(this, 'IngestDlqUrl', { value: i.ingestDeadLetterQueue.queueUrl });
    new CfnOutput(this, 'JobEventsDlqUrl', { value: p.jobEventsDeadLetterQueue.queueUrl });
    new CfnOutput(this, 'NotifyDlqUrl', { value: n.notifyDeadLetterQueue.queueUrl });
    if (n.notificationQueue) {
      new CfnOutput(this, 'NotificationQueueUrl', { value: n.notificationQueue.queueUrl });
      new CfnOutput(this, 'NotificationQueueArn', { value: n.notificationQueue.queueArn });
    }
    if (n.notificationTopic)
      new CfnOutput(this, 'NotificationTopicArn', { value: n.notificationTopic.topicArn });
    if (this.alarms.alarmTopic)
      new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.alarmTopic.topicArn });
  }
}
