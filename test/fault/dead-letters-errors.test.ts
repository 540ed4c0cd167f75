/**
 * replayDeadLetters when SQS itself fails part way (mocked SQS): a message whose send fails stays in the
 * DLQ and is released; one sent but not deleted is reported (it may be delivered twice, never lost);
 * Lambda-style error attributes are surfaced by listDeadLetters.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { buildTaskEvent } from '../../lambdas/core/notifications';
import { listDeadLetters, replayDeadLetters } from '../../lambdas/adapters/sqs-dead-letters';
import { makeTask } from '../support/tasks';

const sqsMock = mockClient(SQSClient);
const DLQ = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify-dlq';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify';

const body = (taskId: string) =>
  JSON.stringify({
    kind: 'mps.delivery',
    version: 1,
    target: { type: 'queue', target: 'arn:aws:sqs:eu-west-1:123456789012:receiver' },
    event: buildTaskEvent(
      makeTask({ taskId, createdAt: '2026-03-01T10:00:00.000Z', status: 'FINISH', result: 'FAIL' }),
      'TaskFinished',
      '2026-03-01T10:05:00.000Z',
    ),
  });

const message = (id: string, taskId: string, extra: Record<string, unknown> = {}) => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: body(taskId),
  Attributes: { SentTimestamp: '1772359200000', ApproximateReceiveCount: '9' },
  ...extra,
});

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
});

it('lists the attempts and last error recorded on dead letters, not the receive count', async () => {
  sqsMock
    .on(ReceiveMessageCommand)
    .resolvesOnce({
      Messages: [
        message('m1', 't-1', {
          MessageAttributes: {
            ErrorCode: { DataType: 'String', StringValue: '500' },
            ErrorMessage: { DataType: 'String', StringValue: 'callback answered HTTP 500' },
            RequestID: { DataType: 'String', StringValue: 'req-1' },
            Attempts: { DataType: 'Number', StringValue: '8' },
            FailedAt: { DataType: 'String', StringValue: '2026-03-01T10:21:00.000Z' },
            SentAt: { DataType: 'String', StringValue: '2026-03-01T09:59:00.000Z' },
          },
        }),
      ],
    })
    .resolves({});
  const [letter] = await listDeadLetters(new SQSClient({}), DLQ, { waitTimeSeconds: 0 });
  expect(letter).toMatchObject({
    messageId: 'm1',
    taskId: 't-1',
    attempts: 8,
    failedAt: '2026-03-01T10:21:00.000Z',
    // When it was first sent to the NotifyQueue, not when it was put in the DLQ.
    sentAt: '2026-03-01T09:59:00.000Z',
    error: { code: '500', message: 'callback answered HTTP 500', requestId: 'req-1' },
    attributes: { ErrorCode: '500', ErrorMessage: 'callback answered HTTP 500', RequestID: 'req-1' },
  });
  expect(letter).not.toHaveProperty('receiveCount');
  const receive = sqsMock.commandCalls(ReceiveMessageCommand)[0]!.args[0].input;
  expect(receive).toMatchObject({ QueueUrl: DLQ, VisibilityTimeout: 30, MessageAttributeNames: ['All'] });
});

it('keeps a message whose send failed and reports one sent but not deleted', async () => {
  sqsMock
    .on(ReceiveMessageCommand)
    .resolvesOnce({ Messages: [message('m1', 't-1'), message('m2', 't-2'), message('m3', 't-3')] })
    .resolves({});
  sqsMock
    .on(SendMessageCommand)
    .resolves({ MessageId: 'new' })
    .on(SendMessageCommand, { MessageBody: body('t-2') })
    .rejects(Object.assign(new Error('throttled'), { name: 'RequestThrottled' }));
  sqsMock
    .on(DeleteMessageCommand)
    .resolves({})
    .on(DeleteMessageCommand, { ReceiptHandle: 'rh-m3' })
    .rejects(Object.assign(new Error('receipt handle expired'), { name: 'ReceiptHandleIsInvalid' }));

  const result = await replayDeadLetters(new SQSClient({}), {
    dlqUrl: DLQ,
    queueUrl: QUEUE,
    waitTimeSeconds: 0,
  });

  expect(result.replayed).toEqual(['m1']);
  expect(result.failed).toEqual([
    { messageId: 'm2', error: 'RequestThrottled: throttled' },
    {
      messageId: 'm3',
      error: expect.stringMatching(/^replayed, but could not be removed .*ReceiptHandleIsInvalid/),
    },
  ]);
  // Sent to the notify queue with the original body; m2 released at once for a later replay.
  expect(sqsMock.commandCalls(SendMessageCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([
    QUEUE,
    QUEUE,
    QUEUE,
  ]);
  expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
    { QueueUrl: DLQ, ReceiptHandle: 'rh-m2', VisibilityTimeout: 0 },
  ]);
  expect(sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
    'rh-m1',
    'rh-m3',
  ]);
});

it('with an empty id list replays nothing and receives nothing', async () => {
  const result = await replayDeadLetters(new SQSClient({}), { dlqUrl: DLQ, queueUrl: QUEUE, ids: [] });
  expect(result).toEqual({ replayed: [], notFound: [], failed: [] });
  expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
});
