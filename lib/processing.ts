import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MpsFunction, type MpsFunctionOptions, TABLE_INDEX_REASON } from './function';
import { grantObjectDelete, grantObjectRead, grantObjectWrite } from './grants';
import {
  DEFAULT_MAX_JOB_MINUTES,
  DEFAULT_STUCK_SUBTASK_MINUTES,
  ENV,
  jobEventRulePattern,
  WORK_QUEUES,
  OUTBOX_SWEEP_INPUT,
} from '../lambdas/contract';
import { COMPANION_PREFIX } from '../lambdas/core/mediaconvert/companion';
import { cdkEventPattern } from './event-patterns';
import { acknowledgeNag, acknowledgeWildcardResource } from './nag';
import { newDeadLetterQueue, QueueWithDlq } from './queues';

/** MediaConvert acceleration mode (AccelerationSettings.Mode). */
export type MediaConvertAcceleration = 'DISABLED' | 'ENABLED' | 'PREFERRED';

const SOURCE_OBJECTS_REASON =
  'MediaConvert reads any uploaded source (and watermark image) of these buckets: keys are only known at ' +
  'upload time and schema directories change at run time. Read-only, this bucket only.';
const OUTPUT_OBJECTS_REASON =
  'Outputs are written under per-task prefixes chosen at run time (schema output directory + input name); ' +
  'the grant is limited to the objects of this output bucket.';
const COMPANION_REASON =
  'Companion outputs of frame-capture jobs are written under companions/{taskId}/ of the work bucket, task ids ' +
  'being chosen at run time; write-only, that prefix only, and the objects expire after a day.';
const JOBS_REASON =
  'MediaConvert assigns job ids at CreateJob time, so jobs/* (this account and region only) is the narrowest ' +
  'Job resource for CreateJob/GetJob/CancelJob.';
export const RULE_DLQ_REASON =
  'This queue IS a dead-letter queue: the DLQ of an EventBridge rule target (RetryPolicy + DeadLetterConfig), ' +
  'which cdk-nag does not recognise because no SQS redrive policy points at it. It is alarmed.';

export interface MpsProcessingProps {
  /** The mps table. */
  readonly table: dynamodb.ITable;
  /** Correlation id written to every job's UserMetadata.mpsStackId; job-state events are filtered on it. */
  readonly stackId: string;
  /** Buckets MediaConvert reads sources from. */
  readonly triggerBuckets: s3.IBucket[];
  /** Buckets MediaConvert writes outputs to (job-events also reads/writes them for sprite composition). */
  readonly outputBuckets: s3.IBucket[];
  /** The stack's work bucket: MediaConvert writes companion outputs under `companions/`. */
  readonly workBucket: s3.IBucket;
  /** Queue where task-change notifications are enqueued. */
  readonly notifyQueue: sqs.IQueue;

  /**
   * Extra buckets MediaConvert may read, e.g. where watermark images are kept.
   * @default - none
   */
  readonly assetBuckets?: s3.IBucket[];

  /**
   * ARN of the MediaConvert queue jobs are submitted to.
   * @default - the account's Default on-demand queue
   */
  readonly queueArn?: string;

  /**
   * MediaConvert accelerated transcoding mode.
   * @default - not set: the handlers submit jobs without AccelerationSettings (DISABLED)
   */
  readonly acceleration?: MediaConvertAcceleration;

  /**
   * Stack-wide function callback passed to job-events as DEFAULT_NOTIFY_FUNCTION.
   * @default - none
   */
  readonly defaultNotifyFunction?: lambda.IFunction;

  /**
   * Minutes without news after which the watchdog asks MediaConvert about a subtask's job (and fails
   * the subtask when the job is unknown).
   * @default 180
   */
  readonly stuckSubtaskMinutes?: number;

  /**
   * Minutes after submission after which the watchdog cancels a job still queued or running and fails
   * its subtasks.
   * @default 1440 (a day)
   */
  readonly maxJobMinutes?: number;

  /**
   * How often the watchdog runs.
   * @default Duration.minutes(10)
   */
  readonly watchdogInterval?: Duration;

  /**
   * Options of the Lambda functions.
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/**
 * The MediaConvert side: the service role MediaConvert assumes, job submission grants, the job-state
 * event path (EventBridge rule → JobEventsQueue (DLQ) → job-events) and the scheduled watchdog.
 */
export class MpsProcessing extends Construct {
  /** Role MediaConvert assumes to read sources and write outputs. */
  public readonly mediaConvertRole: iam.IRole;
  /** Queue ARN used for CreateJob grants (the configured queue or the Default queue). */
  public readonly mediaConvertQueueArn: string;
  /** Environment variables a job-submitting function needs (MEDIACONVERT_*). */
  public readonly jobEnvironment: Readonly<Record<string, string>>;
  /** Rule matching this stack's "MediaConvert Job State Change" events. */
  public readonly jobEventsRule: events.IRule;
  /** Queue buffering job-state events. */
  public readonly jobEventsQueue: sqs.IQueue;
  /** Dead letters of jobEventsQueue. */
  public readonly jobEventsDeadLetterQueue: sqs.IQueue;
  /**
   * Events the rule could not deliver to jobEventsQueue (with MpsMediaAi also those of the Transcribe rule
   * and of the Rekognition notification topic's subscription).
   */
  public readonly jobEventsRuleDeadLetterQueue: sqs.IQueue;
  /** Applies job-state events to tasks. */
  public readonly jobEventsFunction: lambda.IFunction;
  /** Fails subtasks stuck in PROCESSING. */
  public readonly watchdogFunction: lambda.IFunction;
  /** Schedule of the watchdog. */
  public readonly watchdogRule: events.IRule;
  /** The one-minute schedule of the watchdog's outbox sweep. */
  public readonly outboxSweepRule: events.IRule;
  /** Scheduled invocations of the watchdog that could not be delivered. */
  public readonly watchdogRuleDeadLetterQueue: sqs.IQueue;

  private readonly jobsArn: string;

  constructor(scope: Construct, id: string, props: MpsProcessingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // --- MediaConvert service role: read sources/assets, write outputs, nothing else.
    // Confused-deputy protection: MediaConvert may assume the role only for jobs of this account's queues
    // in this region (MediaConvert sets aws:SourceArn to the job's queue ARN).
    const role = new iam.Role(this, 'MediaConvertRole', {
      assumedBy: new iam.ServicePrincipal('mediaconvert.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'mediaconvert',
              resource: 'queues',
              resourceName: '*',
            }),
          },
        },
      }),
      description: 'mps: assumed by MediaConvert to read sources and write outputs',
    });
    const readable = [...props.triggerBuckets, ...(props.assetBuckets ?? [])];
    for (const b of readable) {
      grantObjectRead(b, role);
      acknowledgeWildcardResource(role, b.arnForObjects('*'), SOURCE_OBJECTS_REASON);
    }
    for (const b of props.outputBuckets) {
      grantObjectWrite(b, role);
      acknowledgeWildcardResource(role, b.arnForObjects('*'), OUTPUT_OBJECTS_REASON);
    }
    grantObjectWrite(props.workBucket, role, `${COMPANION_PREFIX}*`);
    acknowledgeWildcardResource(
      role,
      props.workBucket.arnForObjects(`${COMPANION_PREFIX}*`),
      COMPANION_REASON,
    );
    this.mediaConvertRole = role;

    this.mediaConvertQueueArn =
      props.queueArn ??
      stack.formatArn({ service: 'mediaconvert', resource: 'queues', resourceName: 'Default' });
    // Job ids are assigned by MediaConvert at CreateJob time, so jobs/* is the narrowest Job resource.
    this.jobsArn = stack.formatArn({ service: 'mediaconvert', resource: 'jobs', resourceName: '*' });

    this.jobEnvironment = {
      [ENV.mediaConvertRoleArn]: role.roleArn,
      [ENV.mediaConvertEndpoint]: `https://mediaconvert.${stack.region}.${stack.urlSuffix}`,
      ...(props.queueArn ? { [ENV.mediaConvertQueueArn]: props.queueArn } : {}),
      ...(props.acceleration ? { [ENV.mediaConvertAcceleration]: props.acceleration } : {}),
      [ENV.workBucket]: props.workBucket.bucketName,
    };

    const notifyEnv: Record<string, string> = {
      [ENV.tableName]: props.table.tableName,
      [ENV.notifyQueueUrl]: props.notifyQueue.queueUrl,
      ...(props.defaultNotifyFunction
        ? { [ENV.defaultNotifyFunction]: props.defaultNotifyFunction.functionArn }
        : {}),
    };

    // --- Job-state events: rule → queue (DLQ) → job-events.
    const jobEventsTimeout = Duration.seconds(WORK_QUEUES.jobEvents.handlerTimeoutSeconds);
    const jobEvents = new QueueWithDlq(this, 'JobEventsQueue', {
      visibilityTimeout: Duration.seconds(jobEventsTimeout.toSeconds() * 6),
      maxReceiveCount: WORK_QUEUES.jobEvents.maxReceiveCount,
    });
    this.jobEventsQueue = jobEvents.queue;
    this.jobEventsDeadLetterQueue = jobEvents.deadLetterQueue;
    this.jobEventsRuleDeadLetterQueue = newDeadLetterQueue(this, 'JobEventsRuleDlq');

    this.jobEventsRule = new events.Rule(this, 'JobStateChangeRule', {
      description: 'mps: MediaConvert job-state changes of jobs submitted by this stack',
      eventPattern: cdkEventPattern(jobEventRulePattern(props.stackId)),
      targets: [
        new targets.SqsQueue(jobEvents.queue, {
          deadLetterQueue: this.jobEventsRuleDeadLetterQueue,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const jobEventsFn = new MpsFunction(this, 'JobEventsFunction', {
      ...props.functionOptions,
      handler: 'job-events',
      description:
        'mps: applies MediaConvert job-state events to tasks, composes sprites, enqueues notifications',
      memorySize: 1536,
      timeout: jobEventsTimeout,
      environment: { ...notifyEnv, [ENV.stackId]: props.stackId },
    });
    jobEventsFn.addEventSource(
      new SqsEventSource(jobEvents.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    props.table.grantReadWriteData(jobEventsFn);
    jobEventsFn.acknowledgeWildcard(`${props.table.tableArn}/index/*`, TABLE_INDEX_REASON);
    props.notifyQueue.grantSendMessages(jobEventsFn);
    for (const b of props.outputBuckets) {
      // Sprite composition: list and read the frames MediaConvert wrote, write the sheet + WebVTT, delete frames.
      grantObjectRead(b, jobEventsFn);
      grantObjectWrite(b, jobEventsFn);
      grantObjectDelete(b, jobEventsFn);
      jobEventsFn.acknowledgeWildcard(b.arnForObjects('*'), OUTPUT_OBJECTS_REASON);
    }
    this.jobEventsFunction = jobEventsFn;

    // --- Watchdog: asks MediaConvert about subtasks without news; recovers lost events.
    const watchdogFn = new MpsFunction(this, 'WatchdogFunction', {
      ...props.functionOptions,
      handler: 'watchdog',
      description:
        'mps: asks MediaConvert about subtasks without news for STUCK_SUBTASK_MINUTES; recovers lost job events',
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        ...notifyEnv,
        [ENV.stuckSubtaskMinutes]: String(props.stuckSubtaskMinutes ?? DEFAULT_STUCK_SUBTASK_MINUTES),
        [ENV.maxJobMinutes]: String(props.maxJobMinutes ?? DEFAULT_MAX_JOB_MINUTES),
        [ENV.mediaConvertEndpoint]: this.jobEnvironment[ENV.mediaConvertEndpoint]!,
        [ENV.jobEventsQueueUrl]: jobEvents.queue.queueUrl,
      },
    });
    props.table.grantReadWriteData(watchdogFn);
    watchdogFn.acknowledgeWildcard(`${props.table.tableArn}/index/*`, TABLE_INDEX_REASON);
    props.notifyQueue.grantSendMessages(watchdogFn);
    // GetJob to learn what became of a job; CancelJob when it runs past MAX_JOB_MINUTES.
    iam.Grant.addToPrincipal({
      grantee: watchdogFn,
      actions: ['mediaconvert:GetJob', 'mediaconvert:CancelJob'],
      resourceArns: [this.jobsArn],
    });
    watchdogFn.acknowledgeWildcard(this.jobsArn, JOBS_REASON);
    // A recovered job's frame captures are counted by listing them (the event that lists them was lost).
    for (const b of props.outputBuckets) {
      iam.Grant.addToPrincipal({
        grantee: watchdogFn,
        actions: ['s3:ListBucket'],
        resourceArns: [b.bucketArn],
      });
    }
    // The rebuilt event goes where EventBridge would have put it.
    jobEvents.queue.grantSendMessages(watchdogFn);
    this.watchdogFunction = watchdogFn;
    this.watchdogRuleDeadLetterQueue = newDeadLetterQueue(this, 'WatchdogRuleDlq');
    for (const dlq of [this.watchdogRuleDeadLetterQueue, this.jobEventsRuleDeadLetterQueue]) {
      acknowledgeNag(dlq, 'AwsSolutions-SQS3', RULE_DLQ_REASON);
    }
    this.watchdogRule = new events.Rule(this, 'WatchdogSchedule', {
      description: 'mps: runs the watchdog',
      schedule: events.Schedule.rate(props.watchdogInterval ?? Duration.minutes(10)),
      targets: [
        new targets.LambdaFunction(watchdogFn, {
          deadLetterQueue: this.watchdogRuleDeadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(10),
        }),
      ],
    });
    // Events a crash or a NotifyQueue outage left in task outboxes go out within about two minutes.
    this.outboxSweepRule = new events.Rule(this, 'OutboxSweepSchedule', {
      description: 'mps: relays task events left in task outboxes',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new targets.LambdaFunction(watchdogFn, {
          event: events.RuleTargetInput.fromObject(OUTBOX_SWEEP_INPUT),
          deadLetterQueue: this.watchdogRuleDeadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(2),
        }),
      ],
    });
  }

  /**
   * Lets `grantee` submit, read and cancel MediaConvert jobs: mediaconvert:CreateJob on the queue and
   * jobs, GetJob/CancelJob on jobs, and iam:PassRole on the MediaConvert role only.
   */
  public grantSubmitJobs(grantee: iam.IGrantable): iam.Grant {
    const create = iam.Grant.addToPrincipal({
      grantee,
      actions: ['mediaconvert:CreateJob'],
      resourceArns: [this.mediaConvertQueueArn, this.jobsArn],
    });
    const manage = iam.Grant.addToPrincipal({
      grantee,
      actions: ['mediaconvert:GetJob', 'mediaconvert:CancelJob'],
      resourceArns: [this.jobsArn],
    });
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(grantee.grantPrincipal, this.jobsArn, JOBS_REASON);
    }
    const pass = iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [this.mediaConvertRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
    });
    return create.combine(manage).combine(pass);
  }
}
