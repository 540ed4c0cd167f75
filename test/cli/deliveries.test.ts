/**
 * `mps deliveries list|replay` and the /deliveries routes, end to end over HTTP against a real SQS
 * protocol implementation (fauxqs): dead-lettered notification deliveries are listed and replayed.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildTaskEvent } from '../../lambdas/core/notifications';
import { SqsDeliveryDeadLetterSink } from '../../lambdas/adapters/sqs-dead-letter-sink';
import { SqsDeadLetteredDeliveries } from '../../lambdas/adapters/sqs-dead-letters';
import { startFauxqs, type Fauxqs } from '../fault/fauxqs';
import { makeTask } from '../support/tasks';
import { startCliEnv, type CliEnv } from './support';

jest.setTimeout(60_000);

let fq: Fauxqs;
let env: CliEnv;
let notifyUrl: string;
let dlqUrl: string;

function deliveryBody(taskId: string): string {
  const event = buildTaskEvent(
    makeTask({ taskId, createdAt: '2026-03-01T09:00:00.000Z' }),
    'TaskFinished',
    '2026-03-01T10:00:00.000Z',
  );
  return JSON.stringify({
    kind: 'mps.delivery',
    version: 1,
    target: { type: 'url', target: 'https://hooks.example.com/mps' },
    event,
  });
}

async function send(body: string): Promise<string> {
  const res = await fq.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));
  return res.MessageId!;
}

/** A delivery as the delivery service dead-letters it after its last attempt. */
async function sendExhausted(body: string): Promise<string> {
  await new SqsDeliveryDeadLetterSink(fq.sqs, dlqUrl).put({
    body,
    attempts: 8,
    lastError: { code: 'Error', message: 'callback https://hooks.example.com/mps answered HTTP 503' },
    failedAt: '2026-03-01T10:21:07.000Z',
    sentAt: '2026-03-01T10:00:01.000Z',
  });
  const listed = await new SqsDeadLetteredDeliveries(fq.sqs, { dlqUrl, notifyQueueUrl: notifyUrl }).list({
    max: 100,
  });
  return listed.find(
    (l) =>
      l.attempts === 8 &&
      l.taskId === (JSON.parse(body) as { event: { task: { taskId: string } } }).event.task.taskId,
  )!.messageId;
}

async function drain(url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const res = await fq.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!res.Messages?.length) return bodies;
    bodies.push(...res.Messages.map((m) => m.Body!));
  }
}

beforeAll(async () => {
  fq = await startFauxqs();
  dlqUrl = (await fq.sqs.send(new CreateQueueCommand({ QueueName: 'cli-notify-dlq' }))).QueueUrl!;
  notifyUrl = (await fq.sqs.send(new CreateQueueCommand({ QueueName: 'cli-notify' }))).QueueUrl!;
  env = await startCliEnv();
});

afterAll(async () => {
  await env?.close();
  await fq?.stop();
});

it('answers 409 FailedOperation.DeliveriesNotConfigured (exit 1) when the API has no dead-letter queue', async () => {
  delete env.api.deps.deliveries;
  const res = await env.mps('deliveries', 'list');
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/^error FailedOperation.DeliveriesNotConfigured: .*NOTIFY_DLQ_URL/);
});

it('lists undelivered events and replays them by id, then all; invalid messages stay', async () => {
  env.api.deps.deliveries = new SqsDeadLetteredDeliveries(fq.sqs, { dlqUrl, notifyQueueUrl: notifyUrl });
  const first = await send(deliveryBody('t-first'));
  const second = await send(deliveryBody('t-second'));
  const junk = await send('not a delivery message');

  const table = await env.mps('deliveries', 'list');
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/MESSAGE ID\s+TARGET\s+EVENT\s+TASK/);
  expect(table.stdout).toContain(`${first}`);
  expect(table.stdout).toMatch(
    new RegExp(`${second}\\s+url https://hooks.example.com/mps\\s+TaskFinished\\s+t-second`),
  );
  expect(table.stdout).toContain('(invalid:');

  const json = await env.mps('--json', 'deliveries', 'list');
  const items = (JSON.parse(json.stdout) as { items: { messageId: string; taskId?: string }[] }).items;
  expect(items.map((i) => i.messageId).sort()).toEqual([first, second, junk].sort());
  expect(JSON.stringify(items)).not.toContain('receiptHandle');

  const one = await env.mps('deliveries', 'replay', '--ids', first);
  expect(one.code).toBe(0);
  expect(one.stdout).toBe('replayed 1\n');
  expect(await drain(notifyUrl)).toEqual([deliveryBody('t-first')]);

  // All: the remaining valid delivery goes back; the junk message is reported and kept.
  const all = await env.mps('deliveries', 'replay');
  expect(all.code).toBe(1);
  expect(all.stdout).toContain('replayed 1');
  expect(all.stdout).toContain(`failed ${junk}`);
  expect(all.stderr).toMatch(/^error ReplayIncomplete: 1 message/);
  expect(await drain(notifyUrl)).toEqual([deliveryBody('t-second')]);
  const left = JSON.parse((await env.mps('--json', 'deliveries', 'list')).stdout) as {
    items: { messageId: string }[];
  };
  expect(left.items.map((i) => i.messageId)).toEqual([junk]);
});

it('shows the attempts, last error and its time recorded at dead-lettering, the same on every listing', async () => {
  env.api.deps.deliveries = new SqsDeadLetteredDeliveries(fq.sqs, { dlqUrl, notifyQueueUrl: notifyUrl });
  const id = await sendExhausted(deliveryBody('t-dead'));
  const row = (stdout: string) => stdout.split('\n').find((l) => l.startsWith(id));
  const first = await env.mps('deliveries', 'list');
  expect(first.stdout).toMatch(/SENT\s+ATTEMPTS\s+LAST FAILED\s+LAST ERROR/);
  expect(row(first.stdout)).toMatch(
    /t-dead\s+2026-03-01T10:00:01Z\s+8\s+2026-03-01T10:21:07Z\s+Error: callback https:\/\/hooks.example.com\/mps answered HTTP 503$/,
  );
  // Listing changes nothing: the same row again, at once (nothing left hidden) and later.
  const again = await env.mps('deliveries', 'list');
  expect(row(again.stdout)).toBe(row(first.stdout));
  const json = JSON.parse((await env.mps('--json', 'deliveries', 'list')).stdout) as {
    items: Record<string, unknown>[];
  };
  expect(json.items.find((i) => i.messageId === id)).toMatchObject({
    attempts: 8,
    failedAt: '2026-03-01T10:21:07.000Z',
    sentAt: '2026-03-01T10:00:01.000Z',
    error: { code: 'Error', message: 'callback https://hooks.example.com/mps answered HTTP 503' },
  });
  await env.mps('deliveries', 'replay', '--ids', id);
  expect(await drain(notifyUrl)).toEqual([deliveryBody('t-dead')]);
});

it('rejects a malformed replay request with a specific error', async () => {
  env.api.deps.deliveries = new SqsDeadLetteredDeliveries(fq.sqs, { dlqUrl, notifyQueueUrl: notifyUrl });
  const usage = await env.mps('deliveries', 'replay', '--ids', ' , ');
  expect(usage.code).toBe(2);
  const res = await env.api.call('POST', '/deliveries/replay', { body: { ids: [] } });
  expect(res.status).toBe(400);
  expect(res.body.error.field).toBe('body.ids');
});
