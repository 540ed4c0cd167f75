import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MpsAlarms } from './alarms';
import { MpsConsoleAuth } from './console-auth';
import { MpsConsoleHosting } from './console-hosting';
import { MpsControlApi } from './control-api';
import type { MpsFunctionOptions } from './function';
import { grantObjectWrite } from './grants';
import { MpsIngestion } from './ingestion';
import { MpsMediaAi } from './media-ai';
import { acknowledgeWildcardResource } from './nag';
import { type ExternalNotificationTargets, MpsNotifications } from './notifications';
import { type MediaConvertAcceleration, MpsProcessing } from './processing';
import { MpsSeed, resolveSeeds, type SchemaSeed, type TemplateSeed } from './seed';
import { MpsState } from './state';
import { MpsStorage } from './storage';
import { AI_COVERS_PREFIX, ENV } from '../lambdas/contract';

const AI_COVER_MARKER_REASON =
  'The cover job of an AI analysis is remembered by a marker under ai/covers/{taskId}.{no}.{attempt}/ of the ' +
  'work bucket, the token being chosen at run time; write-only, that prefix only, and the objects expire.';
const AI_COVER_FRAME_REASON =
  'The cover frame (and companion output) of an AI analysis is written under ai/covers/{taskId}.{no}.{attempt}/ ' +
  'of the work bucket, the token being chosen at run time; write-only, that prefix only, and the objects expire.';

export interface MpsServiceProps {
  /**
   * Buckets whose uploads trigger schemas. EventBridge delivery is turned on for each (merged into the
   * bucket's existing notifications when the bucket is not created by this stack). A bucket encrypted
   * with a customer-managed key must carry it (`Bucket.fromBucketAttributes({ bucketName, encryptionKey })`).
   * @default - one trigger bucket is created
   */
  readonly triggerBuckets?: s3.IBucket[];

  /**
   * Buckets outputs are written to (with their key when SSE-KMS).
   * @default - one output bucket is created
   */
  readonly outputBuckets?: s3.IBucket[];

  /**
   * Buckets MediaConvert may read besides the trigger buckets (e.g. watermark images).
   * @default - none
   */
  readonly assetBuckets?: s3.IBucket[];

  /**
   * Correlation id written to every job's UserMetadata.mpsStackId; this service's job-state events are
   * filtered on it, so two services in one account and region need different ids.
   * @default - the stack name
   */
  readonly serviceId?: string;

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
   * Most ingest function instances running at once (the SQS event source's maximum concurrency). Each
   * submits MediaConvert jobs, whose CreateJob rate and concurrent-job quotas are per account and region.
   * @default 10
   */
  readonly ingestMaxConcurrency?: number;

  /**
   * A Lambda function that receives every task's TaskFinished event.
   * @default - none
   */
  readonly defaultNotifyFunction?: lambda.IFunction;

  /**
   * Notification targets outside the stack that schemas may name (granted to notify-delivery).
   * @default - none
   */
  readonly notificationTargets?: ExternalNotificationTargets;

  /**
   * Delivery attempts of one task event before it goes to the notify DLQ.
   * @default 8
   */
  readonly maxDeliveryAttempts?: number;

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
   * Templates written on deploy (validated at synth).
   * @default - none
   */
  readonly templates?: TemplateSeed[];

  /**
   * Schemas written on deploy (validated at synth).
   * @default - none
   */
  readonly schemas?: SchemaSeed[];

  /**
   * Email subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;

  /**
   * Existing SNS topic that receives alarm and OK notifications.
   * @default - a KMS-encrypted topic is created when `alarmEmail` is set, otherwise alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Minutes without news after which the watchdog asks MediaConvert about a subtask still
   * WAITING/PROCESSING (recovering a lost job event, or failing a subtask whose job is gone).
   * @default 180
   */
  readonly stuckSubtaskMinutes?: number;

  /**
   * Minutes after submission after which the watchdog cancels a job still queued or running.
   * @default 1440
   */
  readonly maxJobMinutes?: number;

  /**
   * Deploy what Amazon Rekognition Video and Amazon Transcribe need for the AI items (contentReview,
   * aiRecognition, aiAnalysis): the encrypted SNS topic Rekognition reports to and the role it publishes
   * with, the Transcribe job-state rule, and the functions' grants and AI_NOTIFICATION_* variables. With
   * `false` none of it is created, the functions refuse AI items, and seeded schemas holding them fail synth.
   * @default true
   */
  readonly mediaAi?: boolean;

  /**
   * Enable deletion protection on the table.
   * @default false
   */
  readonly tableDeletionProtection?: boolean;

  /**
   * What happens to the table and the buckets the service creates when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Deploy the web console: its files in a private S3 bucket behind CloudFront (origin access control,
   * security headers), sign-in with Cognito (a user pool and an identity pool whose authenticated role
   * may call the control API), and CORS for its origin on the API and on the buckets this construct
   * creates (buckets passed in need the same CORS rule, see the README). Opt-in: it adds public
   * endpoints (CloudFront, Cognito) and CDK's BucketDeployment, whose provider function is the stack's
   * only role with wildcard S3 actions and a managed policy.
   * @default false
   */
  readonly webConsole?: boolean;
  /**
   * Options of every Lambda function (log retention, log removal policy, metrics namespace).
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/**
 * mps-aws as a construct: place it in your own stack next to your buckets. Composes one construct per
 * concern: state (table), storage (buckets), notifications, processing (MediaConvert, job events,
 * watchdog), ingestion, control API, seed and alarms.
 */
export class MpsService extends Construct {
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
  /** The web console's bucket and distribution (absent with `webConsole: false`). */
  public readonly consoleHosting?: MpsConsoleHosting;
  /** The web console's sign-in (absent with `webConsole: false`). */
  public readonly consoleAuth?: MpsConsoleAuth;
  /** The correlation id written to UserMetadata.mpsStackId. */
  public readonly serviceId: string;

  constructor(scope: Construct, id: string, props: MpsServiceProps = {}) {
    super(scope, id);
    this.serviceId = props.serviceId ?? Stack.of(this).stackName;
    const functionOptions = props.functionOptions;
    const withMediaAi = props.mediaAi ?? true;

    this.state = new MpsState(this, 'State', {
      deletionProtection: props.tableDeletionProtection,
      removalPolicy: props.removalPolicy,
    });
    const table = this.state.table;

    this.storage = new MpsStorage(this, 'Storage', {
      triggerBuckets: props.triggerBuckets,
      outputBuckets: props.outputBuckets,
      removalPolicy: props.removalPolicy,
    });
    // Declared templates and schemas are checked before anything is bundled: a broken one fails synth at once.
    const seeds = resolveSeeds(
      this,
      props,
      { trigger: this.storage.triggerBuckets, output: this.storage.outputBuckets },
      { mediaAi: withMediaAi },
    );

    const defaultNotifyFunction = props.defaultNotifyFunction;
    this.notifications = new MpsNotifications(this, 'Notifications', {
      defaultNotifyFunction,
      createNotificationQueue: props.createNotificationQueue ?? true,
      createNotificationTopic: props.createNotificationTopic ?? false,
      externalTargets: props.notificationTargets,
      maxDeliveryAttempts: props.maxDeliveryAttempts,
      functionOptions,
    });
    const notifyQueue = this.notifications.notifyQueue;

    this.processing = new MpsProcessing(this, 'Processing', {
      table,
      stackId: this.serviceId,
      triggerBuckets: this.storage.triggerBuckets,
      // A schema's output location defaults to its trigger location, so trigger buckets are written too.
      outputBuckets: [...new Set([...this.storage.outputBuckets, ...this.storage.triggerBuckets])],
      workBucket: this.storage.workBucket,
      assetBuckets: props.assetBuckets,
      notifyQueue,
      queueArn: props.mediaConvertQueueArn,
      acceleration: props.acceleration,
      defaultNotifyFunction,
      stuckSubtaskMinutes: props.stuckSubtaskMinutes,
      maxJobMinutes: props.maxJobMinutes,
      functionOptions,
    });

    this.mediaAi = withMediaAi
      ? new MpsMediaAi(this, 'MediaAi', {
          stackId: this.serviceId,
          sourceBuckets: this.storage.triggerBuckets,
          workBucket: this.storage.workBucket,
          jobEventsQueue: this.processing.jobEventsQueue,
          deadLetterQueue: this.processing.jobEventsRuleDeadLetterQueue,
        })
      : undefined;

    this.ingestion = new MpsIngestion(this, 'Ingestion', {
      table,
      stackId: this.serviceId,
      triggerBuckets: this.storage.triggerBuckets,
      jobs: this.processing,
      notifyQueue,
      defaultNotifyFunction,
      maxConcurrency: props.ingestMaxConcurrency,
      functionOptions,
    });

    const consoleHosting =
      (props.webConsole ?? false)
        ? new MpsConsoleHosting(this, 'ConsoleHosting', {
            accessLogBucket: this.storage.accessLogBucket,
            removalPolicy: props.removalPolicy,
          })
        : undefined;
    this.consoleHosting = consoleHosting;
    this.api = new MpsControlApi(this, 'ControlApi', {
      ...(consoleHosting ? { allowedOrigins: [consoleHosting.origin] } : {}),
      table,
      stackId: this.serviceId,
      jobs: this.processing,
      notifyQueue,
      notifyDeadLetterQueue: this.notifications.notifyDeadLetterQueue,
      sourceBuckets: this.storage.triggerBuckets,
      outputBuckets: this.storage.outputBuckets,
      ...(props.assetBuckets ? { assetBuckets: props.assetBuckets } : {}),
      defaultNotifyFunction,
      functionOptions,
    });

    if (this.mediaAi) {
      this.wireMediaAi(this.mediaAi, [
        ...new Set([...this.storage.outputBuckets, ...this.storage.triggerBuckets]),
      ]);
    }

    if (consoleHosting) {
      const auth = new MpsConsoleAuth(this, 'ConsoleAuth', {
        httpApi: this.api.httpApi,
        removalPolicy: props.removalPolicy,
      });
      this.consoleAuth = auth;
      consoleHosting.deploy({
        region: Stack.of(this).region,
        apiUrl: this.api.url,
        userPoolId: auth.userPool.userPoolId,
        userPoolClientId: auth.userPoolClient.userPoolClientId,
        identityPoolId: auth.identityPool.ref,
      });
      // The console uploads into trigger buckets and plays outputs (hls.js reads playlists and segments)
      // with presigned URLs: the buckets must answer its origin. Buckets passed in are not changed here.
      const buckets = [...new Set([...this.storage.triggerBuckets, ...this.storage.outputBuckets])];
      for (const bucket of buckets.filter((b): b is s3.Bucket => b instanceof s3.Bucket)) {
        bucket.addCorsRule({
          allowedOrigins: [consoleHosting.origin],
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD, s3.HttpMethods.PUT],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        });
      }
    }
    this.seed = new MpsSeed(this, 'Seed', {
      table,
      triggerBuckets: this.storage.triggerBuckets,
      outputBuckets: this.storage.outputBuckets,
      seeds,
      functionOptions,
    });
    if (this.mediaAi) {
      // The seed function only learns that the AI backends exist, so it accepts seeded AI items as the API does.
      const seed = this.seed.seedFunction;
      if (!(seed instanceof lambda.Function))
        throw new Error(`mps: ${seed.node.path} is not a Lambda function`);
      seed.addEnvironment(ENV.aiNotificationTopicArn, this.mediaAi.environment[ENV.aiNotificationTopicArn]!);
    }

    const n = this.notifications;
    const p = this.processing;
    const i = this.ingestion;
    this.alarms = new MpsAlarms(this, 'Alarms', {
      alarmEmail: props.alarmEmail,
      alarmTopic: props.alarmTopic,
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
  }

  /**
   * The AI grants and variables of the functions: ingest and api start AI jobs; job-events reads finished
   * ones; the watchdog reads stuck ones and may finish one whose event was lost, so it also writes
   * outputs. Nothing cancels them: Rekognition Video jobs cannot be cancelled, and an aborted subtask's
   * Transcribe job is left to end (its completion then changes nothing).
   *
   * The cover of an AI analysis is a MediaConvert frame capture that job-events and the watchdog submit
   * once segment detection has ended: they get the job settings' variables, may submit jobs, write the
   * marker naming the job under `ai/covers/` of the work bucket (and list it, so that a missing marker
   * reads as absent rather than forbidden); MediaConvert writes the frame there.
   */
  private wireMediaAi(ai: MpsMediaAi, outputBuckets: readonly s3.IBucket[]): void {
    const ingest = this.ingestion.ingestFunction;
    const api = this.api.apiFunction;
    const jobEvents = this.processing.jobEventsFunction;
    const watchdog = this.processing.watchdogFunction;
    for (const fn of [ingest, api]) ai.grantStartJobs(fn);
    for (const fn of [jobEvents, watchdog]) ai.grantReadJobs(fn);
    for (const b of outputBuckets) {
      grantObjectWrite(b, watchdog);
      acknowledgeWildcardResource(
        watchdog.role ?? watchdog,
        b.arnForObjects('*'),
        'A watchdog that finds an AI job finished whose event was lost writes its outputs (result JSON, ' +
          'subtitles) under the per-task prefix chosen at run time; write-only, the objects of this output bucket.',
      );
    }
    for (const fn of [ingest, api, jobEvents, watchdog]) {
      if (!(fn instanceof lambda.Function)) throw new Error(`mps: ${fn.node.path} is not a Lambda function`);
      for (const [name, value] of Object.entries(ai.environment)) fn.addEnvironment(name, value);
    }

    const work = this.storage.workBucket;
    const covers = work.arnForObjects(`${AI_COVERS_PREFIX}*`);
    for (const fn of [jobEvents, watchdog]) {
      if (!(fn instanceof lambda.Function)) throw new Error(`mps: ${fn.node.path} is not a Lambda function`);
      for (const [name, value] of Object.entries(this.processing.jobEnvironment))
        fn.addEnvironment(name, value);
      this.processing.grantSubmitJobs(fn);
      grantObjectWrite(work, fn, `${AI_COVERS_PREFIX}*`);
      iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:ListBucket'], resourceArns: [work.bucketArn] });
      acknowledgeWildcardResource(fn.role ?? fn, covers, AI_COVER_MARKER_REASON);
    }
    const role = this.processing.mediaConvertRole;
    grantObjectWrite(work, role, `${AI_COVERS_PREFIX}*`);
    acknowledgeWildcardResource(role, covers, AI_COVER_FRAME_REASON);
  }
}
