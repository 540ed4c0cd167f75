import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationType } from '../core/model';
import type { TaskEvent } from '../core/notifications';
import type { HttpPoster } from './http-notifier';

/** Where one event goes. */
export interface DeliveryTarget {
  type: NotificationType;
  /** Queue URL/ARN, topic ARN, https URL, function name/ARN. */
  target: string;
}

/** Delivers one task event to one target; rejects when the target did not accept it. */
export interface Notifier {
  deliver(target: DeliveryTarget, event: TaskEvent): Promise<void>;
}

/** The queue URL of an SQS queue ARN (URLs are returned unchanged). */
export function queueUrlOf(target: string): string {
  const arn = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):(.+)$/.exec(target);
  if (!arn) return target;
  const [, partition, region, account, name] = arn;
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sqs.${region}.${suffix}/${account}/${name}`;
}

const isFifo = (target: string) => target.endsWith('.fifo');

/**
 * Notifier over SQS SendMessage, SNS Publish, the HTTP poster and Lambda Invoke (InvocationType
 * Event). FIFO queues/topics get MessageGroupId = taskId and MessageDeduplicationId = eventId.
 */
export function createNotifier(deps: {
  sqs: SQSClient;
  sns: SNSClient;
  lambda: LambdaClient;
  http: HttpPoster;
}): Notifier {
  return {
    async deliver(target, event) {
      const body = JSON.stringify(event);
      const fifo = isFifo(target.target)
        ? { MessageGroupId: event.task.taskId, MessageDeduplicationId: event.eventId }
        : {};
      switch (target.type) {
        case 'queue':
          await deps.sqs.send(
            new SendMessageCommand({ QueueUrl: queueUrlOf(target.target), MessageBody: body, ...fifo }),
          );
          return;
        case 'topic':
          await deps.sns.send(
            new PublishCommand({
              TopicArn: target.target,
              Message: body,
              MessageAttributes: { eventType: { DataType: 'String', StringValue: event.eventType } },
              ...fifo,
            }),
          );
          return;
        case 'url':
          await deps.http(target.target, body);
          return;
        case 'function': {
          const res = await deps.lambda.send(
            new InvokeCommand({
              FunctionName: target.target,
              InvocationType: 'Event',
              Payload: new TextEncoder().encode(body),
            }),
          );
          if (res.StatusCode !== 202) {
            throw new Error(`async invoke of ${target.target} returned status ${res.StatusCode ?? 'none'}`);
          }
          return;
        }
        default:
          throw new Error(`unknown notification type ${JSON.stringify((target as DeliveryTarget).type)}`);
      }
    },
  };
}
