/**
 * Undeliverable events against a real SQS protocol implementation (fauxqs with a RedrivePolicy): a
 * callback receiver that never answers 2xx makes the notify-delivery handler fail the message on every
 * receive until the queue moves it to the DLQ; `listDeadLetters` shows it with its target, event and
 * task; `replayDeadLetters` sends it back (by id, or all) and a recovered receiver gets it, signed.
 */
import '../support/handler-env';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { createHttpNotifier } from '../../lambdas/adapters/http-notifier';
import { createNotifier } from '../../lambdas/adapters/notifiers';
import { createSecretProvider } from '../../lambdas/adapters/secret';
import { buildTaskEvent, deliveryMessage, verifySignature } from '../../lambdas/core/notifications';
import { SqsDeliveryDeadLetterSink } from '../../lambdas/adapters/sqs-dead-letter-sink';
import { listDeadLetters, replayDeadLetters } from '../../lambdas/adapters/sqs-dead-letters';
import { SqsDeliveryQueue } from '../../lambdas/adapters/sqs-delivery-queue';
import { SqsRetryScheduler } from '../../lambdas/adapters/sqs-retry-scheduler';
import { notifyDeliveryEntry } from '../../lambdas/entries/notify-delivery';
import { DeliveryService } from '../../lambdas/services/delivery-service';
import { makeTask } from '../support/tasks';
import { type Fauxqs, startFauxqs } from './fauxqs';

const SECRET = 'dead-letter-test-secret-0123456789';
const FAILED_AT = '2026-03-01T10:09:00.000Z';
const MAX_RECEIVES = 3;

let fq: Fauxqs;
let queueUrl: string;
let dlqUrl: string;
let queueArn: string;

/** An HTTP receiver on 127.0.0.1 that answers 503 while `up` is false. */
const receiver = {
  up: false,
  received: [] as { body: string; timestamp: string; signature: string }[],
  attempts: 0,
  url: '',
};
let server: http.Server;

beforeAll(async () => {
  fq = await startFauxqs();
  const dlq = await fq.sqs.send(new CreateQueueCommand({ QueueName: 'notify-dlq' }));
  dlqUrl = dlq.QueueUrl!;
  const dlqArn = (
    await fq.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  const q = await fq.sqs.send(
    new CreateQueueCommand({
      QueueName: 'notify',
      Attributes: {
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVES }),
      },
    }),
  );
  queueUrl = q.QueueUrl!;
  queueArn = (
    await fq.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;

  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.attempts++;
      if (!receiver.up) return void res.writeHead(503).end('down for maintenance');
      receiver.received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        timestamp: String(req.headers['x-mps-timestamp']),
        signature: String(req.headers['x-mps-signature']),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/mps`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await fq?.stop();
});

/** Visibility changes the handler asked for (backoff), recorded; applied as 0 so the test needs no waiting. */
const requestedBackoff: number[] = [];

function deliveryHandler() {
  // A separate client whose ChangeMessageVisibility calls are recorded and compressed to 0 s.
  const timeCompressed = new SQSClient({
    endpoint: fq.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  timeCompressed.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { VisibilityTimeout?: number };
      if (context.commandName === 'ChangeMessageVisibilityCommand' && input.VisibilityTimeout !== undefined) {
        requestedBackoff.push(input.VisibilityTimeout);
        input.VisibilityTimeout = 0;
      }
      return next(args);
    },
    { step: 'initialize', name: 'compressBackoff' },
  );
  return notifyDeliveryEntry({
    delivery: new DeliveryService({
      notifier: createNotifier({
        sqs: fq.sqs,
        sns: new SNSClient({ region: 'us-east-1' }),
        lambda: new LambdaClient({ region: 'us-east-1' }),
        http: createHttpNotifier({
          secret: createSecretProvider({ secretValue: SECRET }),
          allowPrivate: true,
        }),
      }),
      // fauxqs' queue URLs are not AWS's: the scheduler maps the record's queue ARN to it.
      retries: new SqsRetryScheduler(timeCompressed, () => queueUrl),
      deadLetters: { sink: new SqsDeliveryDeadLetterSink(fq.sqs, dlqUrl), maxAttempts: MAX_RECEIVES },
      now: () => FAILED_AT,
      log: new Logger({ logLevel: 'SILENT' }),
    }),
  });
}

/**
 * One poll of the Lambda SQS event source: receive a batch, invoke the handler, delete what it did not
 * report as failed. Returns the number of records handed to the handler.
 */
async function poll(handler: ReturnType<typeof notifyDeliveryEntry>): Promise<number> {
  const res = await fq.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      WaitTimeSeconds: 0,
    }),
  );
  const records: SQSRecord[] = (res.Messages ?? []).map((m) => ({
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body!,
    attributes: {
      ApproximateReceiveCount: m.Attributes!.ApproximateReceiveCount!,
      SentTimestamp: m.Attributes!.SentTimestamp!,
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: m.Attributes!.ApproximateFirstReceiveTimestamp ?? '0',
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody!,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  }));
  if (records.length === 0) return 0;
  const { batchItemFailures } = await handler({ Records: records });
  const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
  for (const r of records.filter((x) => !failed.has(x.messageId))) {
    await fq.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: r.receiptHandle }));
  }
  return records.length;
}

/** Polls until the queue hands out nothing (everything delivered or dead-lettered). */
async function drain(handler: ReturnType<typeof notifyDeliveryEntry>): Promise<number> {
  let polls = 0;
  while ((await poll(handler)) > 0) {
    if (++polls > 50) throw new Error('the notify queue did not drain in 50 polls');
  }
  return polls;
}

async function queueDepth(url: string): Promise<number> {
  const a = (
    await fq.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    )
  ).Attributes!;
  return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
}

const finished = (taskId: string) =>
  makeTask({
    taskId,
    createdAt: '2026-03-01T10:00:00.000Z',
    status: 'FINISH',
    result: 'SUCCESS',
    finishedAt: '2026-03-01T10:04:00.000Z',
  });

describe('dead-lettered deliveries', () => {
  it('fail on every receive while the receiver is down, then land in the DLQ with nothing lost', async () => {
    const queue = new SqsDeliveryQueue(fq.sqs, queueUrl);
    for (const id of ['t-a', 't-b']) {
      await queue.enqueue(
        deliveryMessage(
          { type: 'url', target: receiver.url },
          buildTaskEvent(finished(id), 'TaskFinished', '2026-03-01T10:05:00.000Z'),
        ),
      );
    }
    await fq.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"not":"a delivery"}' }));

    const polls = await drain(deliveryHandler());

    // MAX_RECEIVES failed attempts each; the last one put them in the DLQ itself.
    expect(polls).toBe(MAX_RECEIVES);
    expect(receiver.attempts).toBe(2 * MAX_RECEIVES);
    // Backoff grew with the receive count for both url deliveries (the malformed one backs off too);
    // the last attempt is not followed by a delay.
    expect([...new Set(requestedBackoff)]).toEqual([10, 20]);
    expect(await queueDepth(queueUrl)).toBe(0);
    expect(await queueDepth(dlqUrl)).toBe(3);
  });

  it('lists the dead letters with target, event, task, attempts and last error, the same each time, without removing them', async () => {
    const letters = await listDeadLetters(fq.sqs, dlqUrl, { max: 10, visibilityTimeoutSeconds: 0 });
    expect(letters).toHaveLength(3);
    const valid = letters.filter((l) => !l.invalid);
    expect(valid.map((l) => l.taskId).sort()).toEqual(['t-a', 't-b']);
    for (const l of valid) {
      expect(l).toMatchObject({
        target: { type: 'url', target: receiver.url },
        eventType: 'TaskFinished',
        eventId: expect.stringMatching(/^evt-[0-9a-f]{32}$/),
        receiptHandle: expect.any(String),
        attempts: MAX_RECEIVES,
        failedAt: FAILED_AT,
        error: { code: 'Error', message: expect.stringMatching(/503/) },
      });
      expect(Date.parse(l.sentAt!)).toBeGreaterThan(Date.parse('2026-01-01'));
      expect(JSON.parse(l.body).event.task.taskId).toBe(l.taskId);
    }
    const junk = letters.find((l) => l.invalid);
    expect(junk?.invalid).toMatch(/not an mps delivery message/);
    expect(junk?.taskId).toBeUndefined();
    expect(junk).toMatchObject({
      attempts: MAX_RECEIVES,
      error: { message: expect.stringMatching(/delivery message/) },
    });

    // Listing again shows the same: listing records nothing.
    const again = await listDeadLetters(fq.sqs, dlqUrl, { max: 10, visibilityTimeoutSeconds: 0 });
    const view = (ls: typeof letters) =>
      ls.map(({ receiptHandle: _r, ...rest }) => rest).sort((a, b) => a.messageId.localeCompare(b.messageId));
    expect(view(again)).toEqual(view(letters));

    // Listing hides them only for the visibility timeout; they are still in the DLQ.
    expect(await queueDepth(dlqUrl)).toBe(3);
    await expect(listDeadLetters(fq.sqs, dlqUrl, { max: 0 })).rejects.toThrow(/max must be/);
  });

  it('replays one event by id, then all valid ones, to a recovered receiver; signatures verify', async () => {
    receiver.up = true;
    // Wait for the listing's 1 s visibility timeout to end.
    await new Promise((r) => setTimeout(r, 1100));
    const letters = await listDeadLetters(fq.sqs, dlqUrl, { visibilityTimeoutSeconds: 0 });
    const a = letters.find((l) => l.taskId === 't-a')!;
    const junk = letters.find((l) => l.invalid)!;

    const one = await replayDeadLetters(fq.sqs, {
      dlqUrl,
      queueUrl,
      ids: [a.messageId, 'no-such-message'],
    });
    expect(one).toEqual({ replayed: [a.messageId], notFound: ['no-such-message'], failed: [] });
    // The others were released at once, not hidden for the replay's visibility timeout.
    expect(await queueDepth(dlqUrl)).toBe(2);
    await drain(deliveryHandler());
    expect(receiver.received.map((r) => JSON.parse(r.body).task.taskId)).toEqual(['t-a']);

    const rest = await replayDeadLetters(fq.sqs, { dlqUrl, queueUrl });
    expect(rest.replayed).toHaveLength(1);
    expect(rest.failed).toEqual([
      { messageId: junk.messageId, error: expect.stringMatching(/not replayed: .*not an mps delivery/) },
    ]);
    await drain(deliveryHandler());

    expect(receiver.received.map((r) => JSON.parse(r.body).task.taskId).sort()).toEqual(['t-a', 't-b']);
    for (const r of receiver.received) {
      expect(verifySignature(SECRET, r.timestamp, r.body, r.signature)).toBe(true);
      expect(verifySignature('another-secret', r.timestamp, r.body, r.signature)).toBe(false);
    }
    // Only the malformed message is left, for a human to look at.
    const left = await listDeadLetters(fq.sqs, dlqUrl, { visibilityTimeoutSeconds: 0 });
    expect(left.map((l) => l.messageId)).toEqual([junk.messageId]);
    expect(await queueDepth(queueUrl)).toBe(0);
  });
});
