import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlOfArn } from '../contract';
import type { DeliveryTarget } from '../core/notifications';
import type { FunctionTargets, Notifier } from '../core/ports';
import type { HttpPoster } from './http-notifier';

const isFifo = (target: string) => target.endsWith('.fifo');

/**
 * Notifier over SQS SendMessage, SNS Publish, the HTTP poster and Lambda Invoke (InvocationType
 * Event), or the platform's function targets (local handler modules). FIFO queues/topics get MessageGroupId = taskId and MessageDeduplicationId = eventId.
 */
export function createNotifier(deps: {
  sqs: SQSClient;
  sns: SNSClient;
  /** Lambda Invoke for function targets; unused when `functions` is given. */
  lambda?: LambdaClient;
  /** Function targets that are not Lambda functions (local runtime: handler modules). */
  functions?: FunctionTargets;
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
            new SendMessageCommand({ QueueUrl: queueUrlOfArn(target.target), MessageBody: body, ...fifo }),
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
          if (deps.functions) return deps.functions.invoke(target.target, body);
          if (!deps.lambda) {
            throw new Error(
              `function notifications (${target.target}) cannot be delivered: no Lambda client`,
            );
          }
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
