import '../support/handler-env';
import { Logger } from '@aws-lambda-powertools/logger';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createNotifier } from '../../lambdas/adapters/notifiers';
import { SqsRetryScheduler } from '../../lambdas/adapters/sqs-retry-scheduler';
import { buildTaskEvent, type DeliveryMessage } from '../../lambdas/core/notifications';
import type { ExhaustedDelivery } from '../../lambdas/core/ports';
import { notifyDeliveryEntry } from '../../lambdas/entries/notify-delivery';
import { backoffSeconds, DeliveryService } from '../../lambdas/services/delivery-service';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { makeTask } from '../support/tasks';

const sqsMock = mockClient(SQSClient);
const snsMock = mockClient(SNSClient);
const lambdaMock = mockClient(LambdaClient);
const logger = new Logger({ logLevel: 'SILENT' });

const event = buildTaskEvent(
  makeTask({ taskId: 't-1', createdAt: '2026-03-01T10:00:00.000Z', status: 'FINISH', result: 'SUCCESS' }),
  'TaskFinished',
  '2026-03-01T10:05:00.000Z',
);
const message = (target: DeliveryMessage['target']): DeliveryMessage => ({
  kind: 'mps.delivery',
  version: 1,
  target,
  event,
});

function handler(http: (url: string, body: string) => Promise<void> = async () => {}) {
  const sqs = new SQSClient({});
  return notifyDeliveryEntry({
    delivery: new DeliveryService({
      notifier: createNotifier({ sqs, sns: new SNSClient({}), lambda: new LambdaClient({}), http }),
      retries: new SqsRetryScheduler(sqs),
      log: logger,
    }),
  });
}

beforeEach(() => {
  sqsMock.reset();
  snsMock.reset();
  lambdaMock.reset();
});

describe('notify-delivery', () => {
  it('delivers to a queue ARN (as URL), a topic and a function', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm' });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const res = await handler()(
      sqsEvent(
        sqsRecord(message({ type: 'queue', target: 'arn:aws:sqs:eu-west-1:123456789012:receiver' })),
        sqsRecord(message({ type: 'topic', target: 'arn:aws:sns:eu-west-1:123456789012:events' })),
        sqsRecord(message({ type: 'function', target: 'my-function' })),
      ),
    );
    expect(res.batchItemFailures).toEqual([]);
    const sent = sqsMock.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(sent.QueueUrl).toBe('https://sqs.eu-west-1.amazonaws.com/123456789012/receiver');
    expect(JSON.parse(sent.MessageBody!)).toEqual(event);
    expect(snsMock.commandCalls(PublishCommand)[0]!.args[0].input).toMatchObject({
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:events',
      MessageAttributes: { eventType: { DataType: 'String', StringValue: 'TaskFinished' } },
    });
    const invoke = lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(invoke.InvocationType).toBe('Event');
    expect(JSON.parse(new TextDecoder().decode(invoke.Payload as Uint8Array))).toEqual(event);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it('backs off a failed delivery with ChangeMessageVisibility and reports only that record', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    const calls: string[] = [];
    const ok = sqsRecord(message({ type: 'url', target: 'https://ok.example.com/' }));
    const bad = sqsRecord(message({ type: 'url', target: 'https://down.example.com/' }), {
      receiveCount: 3,
      queue: 'mps-notify',
    });
    const res = await handler(async (url) => {
      calls.push(url);
      if (url.includes('down')) throw new Error('callback answered HTTP 503');
    })(sqsEvent(ok, bad));
    expect(calls.sort()).toEqual(['https://down.example.com/', 'https://ok.example.com/']);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }]);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      {
        QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify',
        ReceiptHandle: bad.receiptHandle,
        VisibilityTimeout: 40,
      },
    ]);
  });

  it('fails malformed messages (they reach the DLQ) and a function invoke that was not accepted', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 500 });
    const garbage = sqsRecord('not json');
    const fn = sqsRecord(message({ type: 'function', target: 'my-function' }));
    const res = await handler()(sqsEvent(garbage, fn));
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [garbage.messageId, fn.messageId].sort(),
    );
  });

  it('dead-letters a delivery whose last attempt fails, with its record; keeps it queued when that fails', async () => {
    const put: ExhaustedDelivery[] = [];
    let sinkUp = true;
    const sqs = new SQSClient({});
    const notify = notifyDeliveryEntry({
      delivery: new DeliveryService({
        notifier: createNotifier({
          sqs,
          sns: new SNSClient({}),
          lambda: new LambdaClient({}),
          http: async () => {
            throw new Error('callback https://hooks.example.com/ answered HTTP 500');
          },
        }),
        retries: new SqsRetryScheduler(sqs),
        deadLetters: {
          sink: {
            put: async (d) => {
              if (!sinkUp) throw new Error('DLQ unavailable');
              put.push(d);
            },
          },
          maxAttempts: 8,
        },
        now: () => '2026-03-01T10:30:00.000Z',
        log: logger,
      }),
    });
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    const target = { type: 'url' as const, target: 'https://hooks.example.com/' };
    const seventh = sqsRecord(message(target), { receiveCount: 7 });
    const eighth = sqsRecord(message(target), { receiveCount: 8 });
    const res = await notify(sqsEvent(seventh, eighth));
    // The 7th attempt is retried later; the 8th is dead-lettered and done with (deleted from the queue).
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([seventh.messageId]);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);
    expect(put).toEqual([
      {
        body: eighth.body,
        attempts: 8,
        lastError: { code: 'Error', message: 'callback https://hooks.example.com/ answered HTTP 500' },
        failedAt: '2026-03-01T10:30:00.000Z',
        sentAt: new Date(Number(eighth.attributes.SentTimestamp)).toISOString(),
      },
    ]);

    sinkUp = false;
    const again = await notify(sqsEvent(eighth));
    expect(again.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([eighth.messageId]);
  });

  it('computes exponential backoff capped at 15 minutes', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffSeconds(n))).toEqual([10, 20, 40, 80, 640, 900, 900]);
  });
});
