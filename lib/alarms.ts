import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MpsAlarmsProps {
  /** Dead-letter queues by name: any visible message raises an alarm. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** Work queues by name: an alarm when the oldest message is older than `maxMessageAge`. */
  readonly queues: Record<string, sqs.IQueue>;
  /** Functions by name: an alarm on any error. */
  readonly functions: Record<string, lambda.IFunction>;

  /**
   * Age of the oldest message of a work queue that raises an alarm.
   * @default Duration.minutes(15)
   */
  readonly maxMessageAge?: Duration;

  /**
   * Existing SNS topic to send alarm and OK notifications to. Its access policy must let
   * cloudwatch.amazonaws.com publish (and its key, if encrypted, let CloudWatch use it).
   * @default - a KMS-encrypted topic is created when `alarmEmail` or `createTopic` is set, else no actions
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Create an encrypted SNS topic for the alarms (implied by `alarmEmail`).
   * @default false
   */
  readonly createTopic?: boolean;

  /**
   * Email address subscribed to the created alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/**
 * Operational alarms: messages in any DLQ, errors of any function, and work queues falling behind.
 */
export class MpsAlarms extends Construct {
  /** Every alarm created, by name. */
  public readonly alarms: Record<string, cloudwatch.IAlarm> = {};
  /** Topic receiving alarm/OK notifications, when there is one. */
  public readonly alarmTopic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: MpsAlarmsProps) {
    super(scope, id);

    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else if (props.createTopic || props.alarmEmail) {
      const key = new kms.Key(this, 'AlarmTopicKey', {
        description: 'mps: encrypts the alarm topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch publishes to the encrypted topic only if the key lets it.
      key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
      const topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
      // enforceSSL gives the topic a resource policy (a Deny), which replaces SNS's default policy: without
      // this Allow, CloudWatch could not publish and no alarm e-mail would ever arrive.
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarms',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
      if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      this.alarmTopic = topic;
    }

    const add = (name: string, alarm: cloudwatch.Alarm) => {
      if (this.alarmTopic) {
        alarm.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
        alarm.addOkAction(new cwActions.SnsAction(this.alarmTopic));
      }
      this.alarms[name] = alarm;
    };

    for (const [name, dlq] of Object.entries(props.deadLetterQueues)) {
      add(
        `${name}Messages`,
        dlq
          .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
          .createAlarm(this, `${name}MessagesAlarm`, {
            alarmDescription: `mps: messages in the dead-letter queue ${name}; inspect and redrive them`,
            threshold: 0,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }

    const maxAge = props.maxMessageAge ?? Duration.minutes(15);
    for (const [name, queue] of Object.entries(props.queues)) {
      add(
        `${name}Age`,
        queue
          .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' })
          .createAlarm(this, `${name}AgeAlarm`, {
            alarmDescription: `mps: the oldest message of ${name} is older than ${maxAge.toHumanString()}`,
            threshold: maxAge.toSeconds(),
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        `${name}Errors`,
        fn
          .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
          .createAlarm(this, `${name}ErrorsAlarm`, {
            alarmDescription: `mps: the ${name} function reported errors`,
            threshold: 0,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }
  }
}
