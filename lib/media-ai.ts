import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  AI_WORK_PREFIX,
  ENV,
  transcribeEventRulePattern,
  transcribeJobNamePrefix,
} from '../lambdas/contract';
import { cdkEventPattern } from './event-patterns';
import { grantKeyUse, grantObjectRead, grantObjectWrite } from './grants';
import { acknowledgeWildcardResource } from './nag';

/** The Amazon Rekognition Video operations the AI subtasks start (each reports to the notification topic). */
export const REKOGNITION_START_ACTIONS = [
  'rekognition:StartContentModeration',
  'rekognition:StartLabelDetection',
  'rekognition:StartTextDetection',
  'rekognition:StartSegmentDetection',
] as const;

/** The Amazon Rekognition Video operations that read a finished job's results. */
export const REKOGNITION_GET_ACTIONS = [
  'rekognition:GetContentModeration',
  'rekognition:GetLabelDetection',
  'rekognition:GetTextDetection',
  'rekognition:GetSegmentDetection',
] as const;

const SOURCE_OBJECTS_REASON =
  'Amazon Rekognition Video and Amazon Transcribe read the source video with the credentials of the function ' +
  'that starts the job: any uploaded source of this bucket, keys being known only at upload time. Read-only.';
const TRANSCRIPT_WRITE_REASON =
  'Amazon Transcribe writes the transcript and subtitles with the credentials of the function that starts the ' +
  `job, under ${AI_WORK_PREFIX}{job name} of the work bucket (job names are chosen at run time); write-only, ` +
  'that prefix only, and the objects expire with the other scratch objects.';
const TRANSCRIPT_READ_REASON =
  `Transcripts and subtitles of finished Amazon Transcribe jobs are read from ${AI_WORK_PREFIX}{job name} of the ` +
  'work bucket, job names being chosen at run time; read-only, that prefix only.';
const TRANSCRIPTION_JOBS_REASON =
  'Transcription job names are chosen at run time; every job of this stack starts with its name prefix ' +
  '(transcribeJobNamePrefix), so the grant covers this stack’s jobs of this account and region only.';

export interface MpsMediaAiProps {
  /**
   * Correlation id of the service: Amazon Transcribe job names start with `transcribeJobNamePrefix(stackId)`
   * and the Transcribe rule forwards only those jobs. Must be known at synth (not a token).
   */
  readonly stackId: string;
  /**
   * Buckets whose objects are analysed (the trigger buckets): Rekognition Video and Transcribe read them
   * with the credentials of the function that starts the job, so `grantStartJobs` grants s3:GetObject on
   * them (and kms:Decrypt through S3 on their keys).
   */
  readonly sourceBuckets: s3.IBucket[];
  /** The stack's work bucket: Amazon Transcribe writes transcripts and subtitles under `AI_WORK_PREFIX`. */
  readonly workBucket: s3.IBucket;
  /**
   * The queue the job-state events of the service go to (MpsProcessing.jobEventsQueue): the notification
   * topic is subscribed to it with raw message delivery, and the Transcribe rule targets it.
   */
  readonly jobEventsQueue: sqs.IQueue;
  /**
   * Where events go that the Transcribe rule or the topic's subscription cannot deliver to
   * `jobEventsQueue` (MpsProcessing.jobEventsRuleDeadLetterQueue, which is alarmed).
   */
  readonly deadLetterQueue: sqs.IQueue;

  /**
   * Retries of the Transcribe rule's target before an event goes to `deadLetterQueue`.
   * @default 185 (as the MediaConvert job-state rule)
   */
  readonly ruleRetryAttempts?: number;

  /**
   * How long the Transcribe rule retries an event.
   * @default Duration.hours(24) (as the MediaConvert job-state rule)
   */
  readonly ruleMaxEventAge?: Duration;

  /**
   * What happens to the notification topic's KMS key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * What Amazon Rekognition Video and Amazon Transcribe need for the AI subtasks (ContentReview,
 * AiRecognition, AiAnalysis): the SNS topic Rekognition reports finished jobs to (KMS-encrypted, SSL only,
 * only the notification role may publish), subscribed to the job-events queue with raw message delivery;
 * the role Rekognition assumes to publish there; the EventBridge rule that forwards this stack's
 * "Transcribe Job State Change" events to the same queue; and the grants of the functions that start and
 * read these jobs (nothing cancels them: Rekognition Video jobs cannot be cancelled).
 */
export class MpsMediaAi extends Construct {
  /** Topic Amazon Rekognition Video publishes job completions to (NotificationChannel.SNSTopicArn). */
  public readonly notificationTopic: sns.ITopic;
  /** Customer-managed key encrypting notificationTopic. */
  public readonly notificationTopicKey: kms.IKey;
  /** Role Amazon Rekognition assumes to publish to notificationTopic (NotificationChannel.RoleArn). */
  public readonly notificationRole: iam.IRole;
  /** Rule matching this stack's "Transcribe Job State Change" events (COMPLETED, FAILED). */
  public readonly transcribeEventsRule: events.IRule;
  /** First characters of every Amazon Transcribe job name of this stack. */
  public readonly transcribeJobNamePrefix: string;
  /**
   * Environment variables of a function that starts or reads AI jobs: AI_NOTIFICATION_TOPIC_ARN,
   * AI_NOTIFICATION_ROLE_ARN, WORK_BUCKET and STACK_ID.
   */
  public readonly environment: Readonly<Record<string, string>>;

  private readonly sourceBuckets: readonly s3.IBucket[];
  private readonly workBucket: s3.IBucket;
  private readonly transcriptionJobsArn: string;

  constructor(scope: Construct, id: string, props: MpsMediaAiProps) {
    super(scope, id);
    if (Token.isUnresolved(props.stackId)) {
      throw new Error(
        'MpsMediaAi: stackId must be known at synth (it makes the Amazon Transcribe job-name prefix); got a token',
      );
    }
    const stack = Stack.of(this);
    this.sourceBuckets = [...props.sourceBuckets];
    this.workBucket = props.workBucket;
    this.transcribeJobNamePrefix = transcribeJobNamePrefix(props.stackId);
    this.transcriptionJobsArn = stack.formatArn({
      service: 'transcribe',
      resource: 'transcription-job',
      resourceName: `${this.transcribeJobNamePrefix}*`,
    });

    // --- Rekognition's notification channel: an encrypted topic only the notification role may publish to.
    const key = new kms.Key(this, 'NotificationTopicKey', {
      description: 'mps: encrypts the topic Amazon Rekognition Video reports finished jobs to',
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const topic = new sns.Topic(this, 'NotificationTopic', { masterKey: key, enforceSSL: true });

    // Confused-deputy protection: Rekognition may assume the role only for this account's requests. For
    // stored-video analysis Rekognition documents aws:SourceAccount only (aws:SourceArn is set for stream
    // processors), so no aws:SourceArn condition is added.
    const role = new iam.Role(this, 'NotificationRole', {
      assumedBy: new iam.ServicePrincipal('rekognition.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description:
        'mps: assumed by Amazon Rekognition Video to report finished jobs to the AI notification topic',
    });
    iam.Grant.addToPrincipal({ grantee: role, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
    // Publishing to an SSE-KMS topic takes a data key of its key (through SNS only).
    grantKeyUse(key, role, ['kms:GenerateDataKey', 'kms:Decrypt'], ['sns']);
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheRekognitionNotificationRolePublishes',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
      }),
    );

    // Rekognition's own JSON ({JobId, Status, API, JobTag, Timestamp, Video}) is the SQS message body.
    topic.addSubscription(
      new subscriptions.SqsSubscription(props.jobEventsQueue, {
        rawMessageDelivery: true,
        deadLetterQueue: props.deadLetterQueue,
      }),
    );

    // --- Transcribe reports through EventBridge: this stack's jobs (name prefix) → the job-events queue.
    this.transcribeEventsRule = new events.Rule(this, 'TranscribeJobStateChangeRule', {
      description: 'mps: Amazon Transcribe job-state changes of jobs started by this stack',
      eventPattern: cdkEventPattern(transcribeEventRulePattern(props.stackId)),
      targets: [
        new targets.SqsQueue(props.jobEventsQueue, {
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: props.ruleRetryAttempts ?? 185,
          maxEventAge: props.ruleMaxEventAge ?? Duration.hours(24),
        }),
      ],
    });

    this.notificationTopic = topic;
    this.notificationTopicKey = key;
    this.notificationRole = role;
    this.environment = {
      [ENV.aiNotificationTopicArn]: topic.topicArn,
      [ENV.aiNotificationRoleArn]: role.roleArn,
      [ENV.workBucket]: props.workBucket.bucketName,
      // Job ids and Transcribe job names carry it; the final events name it as their mpsStackId.
      [ENV.stackId]: props.stackId,
    };
  }

  /**
   * Lets `grantee` start AI jobs: the Rekognition Video Start* operations (no resource-level permissions:
   * '*'), iam:PassRole on the notification role to Rekognition only, transcribe:StartTranscriptionJob on
   * this stack's job names, s3:GetObject on the source buckets (the services read the video with the
   * caller's credentials) and s3:PutObject under `AI_WORK_PREFIX` of the work bucket (Transcribe writes its
   * output with the caller's credentials), with the buckets' keys through S3.
   */
  public grantStartJobs(grantee: iam.IGrantable): iam.Grant {
    const start = iam.Grant.addToPrincipal({
      grantee,
      actions: [...REKOGNITION_START_ACTIONS],
      resourceArns: ['*'],
    });
    const pass = iam.Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [this.notificationRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'rekognition.amazonaws.com' } },
    });
    const transcribe = iam.Grant.addToPrincipal({
      grantee,
      actions: ['transcribe:StartTranscriptionJob'],
      resourceArns: [this.transcriptionJobsArn],
    });
    let grant = start.combine(pass).combine(transcribe);
    for (const b of this.sourceBuckets) {
      grant = grant.combine(grantObjectRead(b, grantee));
      this.acknowledge(grantee, b.arnForObjects('*'), SOURCE_OBJECTS_REASON);
    }
    grant = grant.combine(grantObjectWrite(this.workBucket, grantee, `${AI_WORK_PREFIX}*`));
    this.acknowledge(grantee, this.workBucket.arnForObjects(`${AI_WORK_PREFIX}*`), TRANSCRIPT_WRITE_REASON);
    this.acknowledge(grantee, this.transcriptionJobsArn, TRANSCRIPTION_JOBS_REASON);
    return grant;
  }

  /**
   * Lets `grantee` read AI jobs and their results: the Rekognition Video Get* operations ('*'),
   * transcribe:GetTranscriptionJob on this stack's job names, and s3:GetObject under `AI_WORK_PREFIX` of
   * the work bucket (transcripts and subtitles), with its key through S3.
   */
  public grantReadJobs(grantee: iam.IGrantable): iam.Grant {
    const get = iam.Grant.addToPrincipal({
      grantee,
      actions: [...REKOGNITION_GET_ACTIONS],
      resourceArns: ['*'],
    });
    const transcribe = iam.Grant.addToPrincipal({
      grantee,
      actions: ['transcribe:GetTranscriptionJob'],
      resourceArns: [this.transcriptionJobsArn],
    });
    if (this.workBucket.encryptionKey) {
      grantKeyUse(this.workBucket.encryptionKey, grantee, ['kms:Decrypt'], ['s3']);
    }
    const read = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.workBucket.arnForObjects(`${AI_WORK_PREFIX}*`)],
    });
    this.acknowledge(grantee, this.workBucket.arnForObjects(`${AI_WORK_PREFIX}*`), TRANSCRIPT_READ_REASON);
    this.acknowledge(grantee, this.transcriptionJobsArn, TRANSCRIPTION_JOBS_REASON);
    return get.combine(transcribe).combine(read);
  }

  private acknowledge(grantee: iam.IGrantable, arn: string, reason: string): void {
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcardResource(grantee.grantPrincipal, arn, reason);
    }
  }
}
