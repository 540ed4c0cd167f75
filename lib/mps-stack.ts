import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MpsAlarms } from './alarms';
import { MpsControlApi } from './control-api';
import type { MpsFunctionOptions } from './function';
import { MpsIngestion } from './ingestion';
import { type ExternalNotificationTargets, MpsNotifications } from './notifications';
import { type MediaConvertAcceleration, MpsProcessing } from './processing';
import { MpsSeed, type SchemaSeed, type TemplateSeed } from './seed';
import { MpsState } from './state';
import { MpsStorage } from './storage';

export interface MpsStackProps extends StackProps {
  /**
   * Existing buckets whose uploads trigger schemas (they need EventBridge notifications turned on).
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
   * MediaConvert queue jobs are submitted to.
   * @default - the account's Default queue
   */
  readonly mediaConvertQueueArn?: string;

  /**
   * MediaConvert accelerated transcoding mode.
   * @default - not set (DISABLED)
   */
  readonly acceleration?: MediaConvertAcceleration;

  /**
   * ARN of a Lambda function that receives the events of tasks whose schema names no notification target.
   * @default - none
   */
  readonly defaultNotifyFunctionArn?: string;

  /**
   * Notification targets outside the stack that schemas may name (granted to notify-delivery).
   * @default - none
   */
  readonly notificationTargets?: ExternalNotificationTargets;

  /**
   * Create an SQS queue schemas can name as their notification target.
   * @default true
   */
  readonly createNotificationQueue?: boolean;

  /**
   * Create an SNS topic schemas can name as their notification target.
   * @default false
   */
  readonly createNotificationTopic?: boolean;

  /**
   * Templates written on deploy.
   * @default - none
   */
  readonly templates?: TemplateSeed[];

  /**
   * Schemas written on deploy.
   * @default - none
   */
  readonly schemas?: SchemaSeed[];

  /**
   * Email subscribed to the alarm topic.
   * @default - alarms without notification actions
   */
  readonly alarmEmail?: string;

  /**
   * Minutes after which the watchdog fails a subtask still PROCESSING.
   * @default 180
   */
  readonly stuckSubtaskMinutes?: number;

  /**
   * Enable deletion protection on the table.
   * @default false
   */
  readonly tableDeletionProtection?: boolean;

  /**
   * Options applied to every Lambda function (handler sources directory, log retention, metrics namespace).
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/** mps-aws: a thin composition of the per-concern constructs. */
export class MpsStack extends Stack {
  public readonly state: MpsState;
  public readonly storage: MpsStorage;
  public readonly notifications: MpsNotifications;
  public readonly processing: MpsProcessing;
  public readonly ingestion: MpsIngestion;
  public readonly api: MpsControlApi;
  public readonly seed: MpsSeed;
  public readonly alarms: MpsAlarms;
  /** The correlation id written to UserMetadata.mpsStackId (the stack name). */
  public readonly mpsStackId: string;

  constructor(scope: Construct, id: string, props: MpsStackProps = {}) {
    super(scope, id, props);
    this.mpsStackId = this.stackName;
    const functionOptions = props.functionOptions;

    this.state = new MpsState(this, 'State', { deletionProtection: props.tableDeletionProtection });
    const table = this.state.table;

    this.storage = new MpsStorage(this, 'Storage', {
      triggerBucketNames: props.triggerBucketNames,
      outputBucketNames: props.outputBucketNames,
    });
    const assetBuckets = (props.assetBucketNames ?? []).map((name, i) =>
      s3.Bucket.fromBucketName(this, `AssetBucket${i}`, name),
    );

    const defaultNotifyFunction = props.defaultNotifyFunctionArn
      ? lambda.Function.fromFunctionArn(this, 'DefaultNotifyFunction', props.defaultNotifyFunctionArn)
      : undefined;

    this.notifications = new MpsNotifications(this, 'Notifications', {
      defaultNotifyFunction,
      createNotificationQueue: props.createNotificationQueue ?? true,
      createNotificationTopic: props.createNotificationTopic ?? false,
      externalTargets: props.notificationTargets,
      functionOptions,
    });
    const notifyQueue = this.notifications.notifyQueue;

    this.processing = new MpsProcessing(this, 'Processing', {
      table,
      stackId: this.mpsStackId,
      triggerBuckets: this.storage.triggerBuckets,
      // A schema's output location defaults to its trigger location, so trigger buckets are written too.
      outputBuckets: [...new Set([...this.storage.outputBuckets, ...this.storage.triggerBuckets])],
      workBucket: this.storage.workBucket,
      assetBuckets,
      notifyQueue,
      queueArn: props.mediaConvertQueueArn,
      acceleration: props.acceleration,
      defaultNotifyFunction,
      stuckSubtaskMinutes: props.stuckSubtaskMinutes,
      functionOptions,
    });

    this.ingestion = new MpsIngestion(this, 'Ingestion', {
      table,
      stackId: this.mpsStackId,
      triggerBuckets: this.storage.triggerBuckets,
      jobs: this.processing,
      notifyQueue,
      defaultNotifyFunction,
      functionOptions,
    });

    this.api = new MpsControlApi(this, 'ControlApi', {
      table,
      stackId: this.mpsStackId,
      jobs: this.processing,
      notifyQueue,
      notifyDeadLetterQueue: this.notifications.notifyDeadLetterQueue,
      sourceBuckets: this.storage.triggerBuckets,
      defaultNotifyFunction,
      functionOptions,
    });

    this.seed = new MpsSeed(this, 'Seed', {
      table,
      templates: props.templates,
      schemas: props.schemas,
      functionOptions,
    });

    const n = this.notifications;
    const p = this.processing;
    const i = this.ingestion;
    this.alarms = new MpsAlarms(this, 'Alarms', {
      alarmEmail: props.alarmEmail,
      deadLetterQueues: {
        IngestDlq: i.ingestDeadLetterQueue,
        IngestRuleDlq: i.ruleDeadLetterQueue,
        JobEventsDlq: p.jobEventsDeadLetterQueue,
        JobEventsRuleDlq: p.jobEventsRuleDeadLetterQueue,
        WatchdogRuleDlq: p.watchdogRuleDeadLetterQueue,
        NotifyDlq: n.notifyDeadLetterQueue,
        ...(n.notificationDeadLetterQueue ? { NotificationDlq: n.notificationDeadLetterQueue } : {}),
      },
      queues: { IngestQueue: i.ingestQueue, JobEventsQueue: p.jobEventsQueue, NotifyQueue: n.notifyQueue },
      functions: {
        Ingest: i.ingestFunction,
        JobEvents: p.jobEventsFunction,
        Watchdog: p.watchdogFunction,
        NotifyDelivery: n.deliveryFunction,
        Api: this.api.apiFunction,
      },
    });

    const names = (buckets: s3.IBucket[]) =>
      Fn.join(
        ',',
        buckets.map((b) => b.bucketName),
      );
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Control API base URL (SigV4, IAM auth)',
    });
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
