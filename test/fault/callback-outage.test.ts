/**
 * An HTTP callback receiver (real node:http server on 127.0.0.1) that is down for a while: the
 * notify-delivery handler fails each record, asks SQS for a growing delay (ChangeMessageVisibility),
 * and once the receiver is back every event arrives, signed (HMAC verified with the core's
 * verifySignature). A receiver that never recovers fails the record on every receive up to
 * maxReceiveCount, so SQS moves it to the DLQ.
 */
import '../support/handler-env';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHttpNotifier } from '../../lambdas/adapters/http-notifier';
import { createNotifier } from '../../lambdas/adapters/notifiers';
import { createSecretProvider } from '../../lambdas/adapters/secret';
import { SqsRetryScheduler } from '../../lambdas/adapters/sqs-retry-scheduler';
import {
  buildTaskEvent,
  type DeliveryMessage,
  type TaskEvent,
  verifySignature,
} from '../../lambdas/core/notifications';
import { notifyDeliveryEntry } from '../../lambdas/entries/notify-delivery';
import { backoffSeconds, DeliveryService } from '../../lambdas/services/delivery-service';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { makeTask } from '../support/tasks';
import { SILENT } from './support';

/** The NotifyQueue's maxReceiveCount (lib/notifications.ts default maxDeliveryAttempts). */
const MAX_RECEIVES = 8;
const SECRET = 'outage-test-secret-4f1c2a9e';

const sqsMock = mockClient(SQSClient);

interface Receiver {
  url: string;
  /** Answers 503 while false; drops the connection when 'reset'. */
  state: boolean | 'reset';
  accepted: { body: string; timestamp: string; signature: string }[];
  refused: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const r = { state: false as boolean | 'reset', accepted: [], refused: 0 } as unknown as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (r.state === 'reset') {
        r.refused++;
        return void req.socket.destroy();
      }
      if (!r.state) {
        r.refused++;
        return void res.writeHead(503).end('maintenance');
      }
      r.accepted.push({
        body: Buffer.concat(chunks).toString('utf8'),
        timestamp: String(req.headers['x-mps-timestamp']),
        signature: String(req.headers['x-mps-signature']),
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mps/events`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});
beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
  receiver.accepted.length = 0;
  receiver.refused = 0;
});

function handler() {
  const sqs = new SQSClient({ region: 'eu-west-1' });
  return notifyDeliveryEntry({
    delivery: new DeliveryService({
      notifier: createNotifier({
        sqs,
        sns: new SNSClient({ region: 'eu-west-1' }),
        lambda: new LambdaClient({ region: 'eu-west-1' }),
        http: createHttpNotifier({
          secret: createSecretProvider({ secretValue: SECRET }),
          allowPrivate: true,
          timeoutMs: 2000,
        }),
      }),
      retries: new SqsRetryScheduler(sqs),
      log: SILENT,
    }),
  });
}

function events(n: number): TaskEvent[] {
  return Array.from({ length: n }, (_, i) =>
    buildTaskEvent(
      makeTask({
        taskId: `t-outage-${i}`,
        createdAt: '2026-03-01T10:00:00.000Z',
        status: 'FINISH',
        result: 'SUCCESS',
      }),
      'TaskFinished',
      '2026-03-01T10:05:00.000Z',
    ),
  );
}

/** A NotifyQueue record of one delivery as SQS hands it out for the `receiveCount`-th time. */
function redelivery(event: TaskEvent, receiveCount: number, messageId: string): SQSRecord {
  const message: DeliveryMessage = {
    kind: 'mps.delivery',
    version: 1,
    target: { type: 'url', target: receiver.url },
    event,
  };
  const record = sqsRecord(message, { receiveCount, queue: 'mps-notify' });
  return { ...record, messageId, receiptHandle: `${messageId}-receipt-${receiveCount}` };
}

describe('HTTP callback receiver outage', () => {
  it('backs off while it is down and delivers every event once it is back, signed', async () => {
    const all = events(4);
    const ids = all.map((_, i) => `msg-${i}`);
    const pending = new Set(ids);
    const deliver = handler();
    const OUTAGE_RECEIVES = 4;
    for (let receive = 1; pending.size > 0; receive++) {
      expect(receive).toBeLessThanOrEqual(MAX_RECEIVES); // never reaches the DLQ
      // Down for the first receives: first 503s, then connection resets; then up.
      receiver.state = receive <= 2 ? false : receive <= OUTAGE_RECEIVES ? 'reset' : true;
      const batch = all.flatMap((ev, i) => (pending.has(ids[i]!) ? [redelivery(ev, receive, ids[i]!)] : []));
      const res = await deliver(sqsEvent(...batch));
      const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
      if (receive <= OUTAGE_RECEIVES) expect(failed).toEqual(pending);
      else expect(failed.size).toBe(0);
      for (const id of ids) if (!failed.has(id)) pending.delete(id);
    }

    // Each failed receive asked SQS to hide the message for the next backoff step, growing.
    const visibility = sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);
    expect(visibility).toHaveLength(all.length * OUTAGE_RECEIVES);
    for (const id of ids) {
      const steps = visibility.filter((v) => v.ReceiptHandle!.startsWith(`${id}-`));
      expect(steps.map((s) => s.VisibilityTimeout)).toEqual([1, 2, 3, 4].map((n) => backoffSeconds(n)));
      expect(steps.map((s) => s.ReceiptHandle)).toEqual([1, 2, 3, 4].map((n) => `${id}-receipt-${n}`));
      expect(new Set(steps.map((s) => s.QueueUrl))).toEqual(
        new Set(['https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify']),
      );
    }
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n))).toEqual([10, 20, 40, 80]);
    expect(receiver.refused).toBe(all.length * OUTAGE_RECEIVES);

    // Every event exactly once, with a valid signature over the exact body.
    const got = receiver.accepted.map((a) => JSON.parse(a.body) as TaskEvent);
    expect(got.map((e) => e.eventId).sort()).toEqual(all.map((e) => e.eventId).sort());
    for (const a of receiver.accepted) {
      expect(verifySignature(SECRET, a.timestamp, a.body, a.signature)).toBe(true);
      expect(verifySignature(SECRET, a.timestamp, `${a.body} `, a.signature)).toBe(false);
    }
    expect(got.find((e) => e.task.taskId === 't-outage-2')).toEqual(all[2]);
  });

  it('fails the record on every receive up to maxReceiveCount when the receiver never recovers', async () => {
    receiver.state = false;
    const [event] = events(1);
    const deliver = handler();
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      const res = await deliver(sqsEvent(redelivery(event!, receive, 'msg-dead')));
      // Reported failed every time, including the last: SQS then moves it to the DLQ (alarmed), where
      // listDeadLetters / replayDeadLetters pick it up (test/fault/dead-letters.test.ts).
      expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'msg-dead' }]);
    }
    expect(receiver.refused).toBe(MAX_RECEIVES);
    expect(receiver.accepted).toEqual([]);
    const delays = sqsMock
      .commandCalls(ChangeMessageVisibilityCommand)
      .map((c) => c.args[0].input.VisibilityTimeout);
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 640, 900]);
    // The receive after the last delay moves it to the DLQ: an outage of up to ~36 minutes is ridden out.
    expect(delays.reduce((a, b) => a! + b!, 0)).toBe(2170);
  });
});
