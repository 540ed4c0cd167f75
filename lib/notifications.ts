import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, WORK_QUEUES } from '../lambdas/contract';
import { MpsFunction, type MpsFunctionOptions } from './function';
import { grantKeyUse } from './grants';
import { acknowledgeNag, acknowledgeWildcardResource } from './nag';
import { QueueWithDlq } from './queues';

const INVOKE_REASON =
  'Added by Function.grantInvoke: the versions and aliases of this one declared notification function.';

/** Notification targets outside the stack that schemas / ProcessMedia calls may name. */
export interface ExternalNotificationTargets {
  /**
   * SQS queues (ARNs) the service may send task events to (a queue encrypted with a customer-managed
   * key also needs that key in `keyArns`).
   * @default - none
   */
  readonly queueArns?: string[];
  /**
   * SNS topics (ARNs) the service may publish task events to.
   * @default - none
   */
  readonly topicArns?: string[];
  /**
   * Lambda functions (ARNs) the service may invoke asynchronously with task events.
   * @default - none
   */
  readonly functionArns?: string[];
  /**
   * Customer-managed KMS keys of the encrypted queues and topics above: notify-delivery gets
   * kms:GenerateDataKey and kms:Decrypt on them, through SQS and SNS only. Each key's policy must let the
   * account's IAM policies grant its use (the default key policy does).
   * @default - none
   */
  readonly keyArns?: string[];
}

export interface MpsNotificationsProps {
  /**
   * Stack-wide function callback: receives the events of tasks whose schema names no target.
   * @default - none
   */
  readonly defaultNotifyFunction?: lambda.IFunction;

  /**
   * Create an SSE-SQS queue that schemas can name as their notification target.
   * @default false
   */
  readonly createNotificationQueue?: boolean;

  /**
   * Create a KMS-encrypted SNS topic that schemas can name as their notification target.
   * @default false
   */
  readonly createNotificationTopic?: boolean;

  /**
   * Targets outside the stack that notify-delivery is allowed to deliver to. Any other queue, topic or
   * function named by a schema fails delivery with AccessDenied (the message ends in the DLQ, alarmed).
   * HTTPS callbacks need no grant.
   * @default - none
   */
  readonly externalTargets?: ExternalNotificationTargets;

  /**
   * How many times a delivery is attempted before the message goes to the DLQ.
   * @default 8
   */
  readonly maxDeliveryAttempts?: number;

  /**
   * Options of the Lambda function.
   * @default - see MpsFunctionOptions
   */
  readonly functionOptions?: MpsFunctionOptions;
}

/**
 * Task-event delivery: NotifyQueue (DLQ) → notify-delivery function, which sends one event to one target
 * (SQS, SNS, signed HTTPS POST, async Lambda invoke) and backs off by changing the message visibility.
 */
export class MpsNotifications extends Construct {
  /** Where job-events and the API enqueue deliveries. */
  public readonly notifyQueue: sqs.IQueue;
  /** Dead letters of notifyQueue (deliveries that exhausted their attempts). */
  public readonly notifyDeadLetterQueue: sqs.IQueue;
  /** The delivery function. */
  public readonly deliveryFunction: lambda.IFunction;
  /** HMAC-SHA256 key used to sign HTTPS callbacks (X-Mps-Signature). */
  public readonly callbackSecret: secretsmanager.ISecret;
  /** Stack-wide function callback, when configured. */
  public readonly defaultNotifyFunction?: lambda.IFunction;
  /** Stack-created notification queue, when requested. */
  public readonly notificationQueue?: sqs.IQueue;
  /** Dead letters of notificationQueue (messages its consumers failed to process). */
  public readonly notificationDeadLetterQueue?: sqs.IQueue;
  /** Stack-created notification topic, when requested. */
  public readonly notificationTopic?: sns.ITopic;
  /** The key encrypting notificationTopic, when it exists. */
  public readonly notificationTopicKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: MpsNotificationsProps) {
    super(scope, id);
    const timeout = Duration.seconds(WORK_QUEUES.notify.handlerTimeoutSeconds);

    const maxDeliveryAttempts = props.maxDeliveryAttempts ?? WORK_QUEUES.notify.maxReceiveCount;
    const notify = new QueueWithDlq(this, 'NotifyQueue', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      maxReceiveCount: maxDeliveryAttempts,
    });
    this.notifyQueue = notify.queue;
    this.notifyDeadLetterQueue = notify.deadLetterQueue;

    this.callbackSecret = new secretsmanager.Secret(this, 'CallbackSecret', {
      description: 'mps: HMAC-SHA256 key signing HTTPS task-event callbacks (X-Mps-Signature)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      this.callbackSecret,
      'AwsSolutions-SMG4',
      'The secret is a shared HMAC signing key that callback receivers hold a copy of; unattended rotation ' +
        'would make every receiver reject signatures. It is rotated deliberately (new value + receivers updated).',
    );

    const fn = new MpsFunction(this, 'DeliveryFunction', {
      ...props.functionOptions,
      handler: 'notify-delivery',
      description: 'mps: delivers one task event to one target (SQS, SNS, HTTPS, Lambda)',
      memorySize: 256,
      timeout,
      // No table, no NotifyQueue URL: it reads only the message it is given and the callback key (a
      // retry's queue URL comes from the record's eventSourceARN); a delivery whose last attempt fails
      // is put in the DLQ with its attempts and last error.
      environment: {
        [ENV.callbackSecretArn]: this.callbackSecret.secretArn,
        [ENV.notifyDlqUrl]: notify.deadLetterQueue.queueUrl,
        [ENV.notifyMaxAttempts]: String(maxDeliveryAttempts),
      },
    });
    notify.deadLetterQueue.grantSendMessages(fn);
    fn.addEventSource(
      new SqsEventSource(this.notifyQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    this.callbackSecret.grantRead(fn);
    this.deliveryFunction = fn;

    if (props.defaultNotifyFunction) {
      this.defaultNotifyFunction = props.defaultNotifyFunction;
      props.defaultNotifyFunction.grantInvoke(fn);
      acknowledgeWildcardResource(fn.role!, `${props.defaultNotifyFunction.functionArn}:*`, INVOKE_REASON);
    }

    if (props.createNotificationQueue) {
      const q = new QueueWithDlq(this, 'NotificationQueue', {
        visibilityTimeout: Duration.seconds(30),
        maxReceiveCount: 5,
        retentionPeriod: Duration.days(14),
      });
      q.queue.grantSendMessages(fn);
      this.notificationQueue = q.queue;
      this.notificationDeadLetterQueue = q.deadLetterQueue;
    }

    if (props.createNotificationTopic) {
      const key = new kms.Key(this, 'NotificationTopicKey', {
        description: 'mps: encrypts the task-event notification topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const topic = new sns.Topic(this, 'NotificationTopic', { masterKey: key, enforceSSL: true });
      topic.grantPublish(fn);
      acknowledgeNag(
        fn.role!,
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'Granted by Topic.grantPublish: publishing to the KMS-encrypted notification topic needs a data key ' +
          'from its key; the statement is limited to that one key.',
      );
      this.notificationTopic = topic;
      this.notificationTopicKey = key;
    }

    const ext = props.externalTargets ?? {};
    (ext.queueArns ?? []).forEach((arn, i) =>
      sqs.Queue.fromQueueArn(this, `ExternalQueue${i}`, arn).grantSendMessages(fn),
    );
    (ext.topicArns ?? []).forEach((arn, i) =>
      sns.Topic.fromTopicArn(this, `ExternalTopic${i}`, arn).grantPublish(fn),
    );
    (ext.functionArns ?? []).forEach((arn, i) => {
      lambda.Function.fromFunctionArn(this, `ExternalFunction${i}`, arn).grantInvoke(fn);
      acknowledgeWildcardResource(fn.role!, `${arn}:*`, INVOKE_REASON);
    });
    (ext.keyArns ?? []).forEach((arn, i) =>
      grantKeyUse(
        kms.Key.fromKeyArn(this, `ExternalTargetKey${i}`, arn),
        fn,
        ['kms:GenerateDataKey', 'kms:Decrypt'],
        ['sqs', 'sns'],
      ),
    );
  }

  /** Lets `grantee` enqueue deliveries on the notify queue. */
  public grantEnqueue(grantee: iam.IGrantable): iam.Grant {
    return this.notifyQueue.grantSendMessages(grantee);
  }
}
