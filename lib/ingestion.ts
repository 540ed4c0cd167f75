import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, uploadRulePattern, WORK_QUEUES } from '../lambdas/contract';
import { cdkEventPattern } from './event-patterns';
import { MpsFunction, type MpsFunctionOptions, TABLE_INDEX_REASON } from './function';
import { grantObjectRead } from './grants';
import { acknowledgeNag } from './nag';
import { RULE_DLQ_REASON } from './processing';
import { newDeadLetterQueue, QueueWithDlq } from './queues';

export const PROBE_REASON =
  'Probing reads the header of whichever object was uploaded (ranged GET); keys are known only at upload ' +
  'time. Read-only, limited to the objects of this trigger bucket.';

/** Something that can let a function submit MediaConvert jobs (implemented by MpsProcessing). */
export interface IJobSubmission {
  /** MEDIACONVERT_* environment variables of a job-submitting function. */
  readonly jobEnvironment: Readonly<Record<string, string>>;
  /** Grants CreateJob/GetJob/CancelJob and iam:PassRole on the MediaConvert role. */
  grantSubmitJobs(grantee: iam.IGrantable): iam.Grant;
}

export interface MpsIngestionProps {
  /** The mps table. */
  readonly table: dynamodb.ITable;
  /** Correlation id put in UserMetadata.mpsStackId of the jobs. */
  readonly stackId: string;
  /** Buckets whose "Object Created" events start schemas. They must have EventBridge notifications on. */
  readonly triggerBuckets: s3.IBucket[];
  /** Job submission (role, endpoint, queue, grants). */
  readonly jobs: IJobSubmission;
  /** Queue where task notifications are enqueued (a task can finish at ingestion, e.g. unreadable media). */
  readonly notifyQueue: sqs.IQueue;

  /**
   * Stack-wide function callback (DEFAULT_NOTIFY_FUNCTION).
   * @default - none
   */
  readonly defaultNotifyFunction?: lambda.IFunction;

  /**
   * How many times an upload event is processed before it goes to the DLQ.
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * Most ingest function instances running at once (SQS event source maximum concurrency, 2–1000). Each
   * instance submits MediaConvert jobs; CreateJob is rate-limited per account and region, and a throttled
   * submission returns its message to the queue (retried, then dead-lettered), so a burst of uploads is
   * better absorbed by the queue than by more instances.
   * @default 10
   */
  readonly maxConcurrency?: number;

  /**
   * Options of the Lambda function.
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/**
 * Upload ingestion: EventBridge rule (aws.s3 "Object Created" on the trigger buckets) → IngestQueue (DLQ)
 * → ingest function, which matches schemas, creates tasks idempotently and submits MediaConvert jobs.
 */
export class MpsIngestion extends Construct {
  /** Rule matching uploads to the trigger buckets. */
  public readonly rule: events.IRule;
  /** Events the rule could not deliver to the ingest queue. */
  public readonly ruleDeadLetterQueue: sqs.IQueue;
  /** Buffer of upload events. */
  public readonly ingestQueue: sqs.IQueue;
  /** Upload events that failed maxReceiveCount times. */
  public readonly ingestDeadLetterQueue: sqs.IQueue;
  /** The ingest function. */
  public readonly ingestFunction: lambda.IFunction;

  constructor(scope: Construct, id: string, props: MpsIngestionProps) {
    super(scope, id);
    const timeout = Duration.seconds(WORK_QUEUES.ingest.handlerTimeoutSeconds);

    const ingest = new QueueWithDlq(this, 'IngestQueue', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      maxReceiveCount: props.maxReceiveCount ?? WORK_QUEUES.ingest.maxReceiveCount,
    });
    this.ingestQueue = ingest.queue;
    this.ingestDeadLetterQueue = ingest.deadLetterQueue;
    this.ruleDeadLetterQueue = newDeadLetterQueue(this, 'RuleDlq');
    acknowledgeNag(this.ruleDeadLetterQueue, 'AwsSolutions-SQS3', RULE_DLQ_REASON);

    this.rule = new events.Rule(this, 'ObjectCreatedRule', {
      description: 'mps: uploads to the trigger buckets',
      eventPattern: cdkEventPattern(uploadRulePattern(props.triggerBuckets.map((b) => b.bucketName))),
      targets: [
        new targets.SqsQueue(ingest.queue, {
          deadLetterQueue: this.ruleDeadLetterQueue,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const fn = new MpsFunction(this, 'IngestFunction', {
      ...props.functionOptions,
      handler: 'ingest',
      description: 'mps: matches uploads to schemas, creates tasks and submits MediaConvert jobs',
      memorySize: 1024,
      timeout,
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.stackId]: props.stackId,
        [ENV.notifyQueueUrl]: props.notifyQueue.queueUrl,
        ...(props.defaultNotifyFunction
          ? { [ENV.defaultNotifyFunction]: props.defaultNotifyFunction.functionArn }
          : {}),
        ...props.jobs.jobEnvironment,
      },
    });
    fn.addEventSource(
      new SqsEventSource(ingest.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 10,
      }),
    );
    props.table.grantReadWriteData(fn);
    fn.acknowledgeWildcard(`${props.table.tableArn}/index/*`, TABLE_INDEX_REASON);
    for (const b of props.triggerBuckets) {
      grantObjectRead(b, fn); // probing source headers (ranged GETs)
      fn.acknowledgeWildcard(b.arnForObjects('*'), PROBE_REASON);
    }
    props.jobs.grantSubmitJobs(fn);
    props.notifyQueue.grantSendMessages(fn);
    this.ingestFunction = fn;
  }
}
