/**
 * The callback HMAC secret never reaches a log line or an API response. The deployed notify-delivery
 * entry point (lambdas/handlers/notify-delivery.ts `handler`, wired from the environment at module
 * load) runs at DEBUG level with event logging on, in both secret modes (Secrets Manager ARN, and the
 * local runtime's CALLBACK_SECRET), delivering to a receiver that accepts, one that rejects (401/500),
 * one that hangs up, and a refused URL; everything written to stdout/stderr is searched for the secret.
 * The receivers verify the signatures with the secret, so it was really used.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { buildTaskEvent, type DeliveryMessage, verifySignature } from '../../lambdas/core/notifications';
import { createTestApi } from '../api/support/harness';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { makeTask } from '../support/tasks';

const SECRET = 'Zq7vN2kP9xR4tY8wB3mL6cF1hJ5sD0gA';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:mps-callback-AbCdEf';

let secretCalls = () => 0;

let server: http.Server;
let base = '';
const verified: boolean[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = verifySignature(
        SECRET,
        String(req.headers['x-mps-timestamp']),
        body,
        String(req.headers['x-mps-signature']),
      );
      verified.push(ok);
      if (req.url === '/hangup') return void req.socket.destroy();
      // Hostile receivers echo what they got (headers included) in their error bodies.
      const echo = JSON.stringify({ headers: req.headers, body });
      if (req.url === '/unauthorized') return void res.writeHead(401).end(echo);
      if (req.url === '/broken') return void res.writeHead(500).end(echo);
      res.writeHead(ok ? 200 : 403).end(echo);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

let captured: string[] = [];
beforeEach(() => {
  captured = [];
  verified.length = 0;
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  jest
    .spyOn(console, 'log')
    .mockImplementation((...a: unknown[]) => void captured.push(a.map(String).join(' ')));
  jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void captured.push(a.map(String).join(' ')));
  jest
    .spyOn(console, 'warn')
    .mockImplementation((...a: unknown[]) => void captured.push(a.map(String).join(' ')));
});
afterEach(() => jest.restoreAllMocks());

function deliveries(): SQSEvent {
  const event = buildTaskEvent(
    makeTask({
      taskId: 't-secret',
      createdAt: '2026-03-01T10:00:00.000Z',
      status: 'FINISH',
      result: 'SUCCESS',
    }),
    'TaskFinished',
    '2026-03-01T10:05:00.000Z',
  );
  const msg = (target: string): DeliveryMessage => ({
    kind: 'mps.delivery',
    version: 1,
    target: { type: 'url', target },
    event,
  });
  return sqsEvent(
    sqsRecord(msg(`${base}/ok`), { queue: 'mps-notify' }),
    sqsRecord(msg(`${base}/unauthorized`), { queue: 'mps-notify', receiveCount: 2 }),
    sqsRecord(msg(`${base}/broken`), { queue: 'mps-notify', receiveCount: 3 }),
    sqsRecord(msg(`${base}/hangup`), { queue: 'mps-notify' }),
    sqsRecord(msg('ftp://files.example.com/drop'), { queue: 'mps-notify' }),
  );
}

const stubSecrets = (client: typeof SecretsManagerClient) => mockClient(client);
type SecretsMock = (
  sm: ReturnType<typeof stubSecrets>,
  commands: { GetSecretValueCommand: typeof GetSecretValueCommand },
) => void;

/**
 * Imports the entry point in a fresh module registry with `env` (as Lambda would start it), with that
 * registry's Secrets Manager and SQS clients mocked.
 */
async function loadHandler(
  env: Record<string, string>,
  secrets: SecretsMock = (sm, c) => sm.on(c.GetSecretValueCommand).resolves({ SecretString: SECRET }),
): Promise<(e: SQSEvent) => Promise<SQSBatchResponse>> {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    POWERTOOLS_SERVICE_NAME: 'mps-notify-delivery',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    POWERTOOLS_LOGGER_LOG_EVENT: 'true',
    POWERTOOLS_METRICS_NAMESPACE: 'Mps',
    ALLOW_PRIVATE_CALLBACK_URLS: 'true',
    NOTIFY_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mps-notify-dlq',
    NOTIFY_MAX_ATTEMPTS: '8',
    ...env,
  });
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  let mod: typeof import('../../lambdas/handlers/notify-delivery') | undefined;
  jest.isolateModules(() => {
    const sm = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
    const sqs = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
    const smMock = stubSecrets(sm.SecretsManagerClient);
    secrets(smMock, sm);
    secretCalls = () => smMock.commandCalls(sm.GetSecretValueCommand).length;
    mockClient(sqs.SQSClient).on(sqs.ChangeMessageVisibilityCommand).resolves({});
    mod = require('../../lambdas/handlers/notify-delivery');
  });
  return mod!.handler;
}

function expectNoSecretIn(text: string): void {
  expect(text.length).toBeGreaterThan(0);
  expect(text.includes(SECRET)).toBe(false);
  // Nor a recognisable part of it.
  expect(text.includes(SECRET.slice(0, 12))).toBe(false);
  expect(text.includes(Buffer.from(SECRET).toString('base64').slice(0, 16))).toBe(false);
}

describe('the callback secret in logs', () => {
  it.each([
    ['Secrets Manager (CALLBACK_SECRET_ARN)', { CALLBACK_SECRET_ARN: SECRET_ARN }],
    ['local runtime (CALLBACK_SECRET)', { CALLBACK_SECRET: SECRET }],
  ])('%s: deliveries succeed and fail without the secret in any log line', async (_mode, env) => {
    delete process.env.CALLBACK_SECRET;
    delete process.env.CALLBACK_SECRET_ARN;
    const handler = await loadHandler(env);
    const res = await handler(deliveries());
    expect(res.batchItemFailures).toHaveLength(4);
    // Every request that reached the receiver was signed with the secret.
    expect(verified).toEqual([true, true, true, true]);
    const logs = captured.join('');
    expect(logs).toMatch(/"level":"DEBUG"|"level":"INFO"/);
    expect(logs).toMatch(/delivery failed; retrying later/);
    expect(logs).toMatch(/answered HTTP 401/);
    expectNoSecretIn(logs);
  });

  it('a Secrets Manager failure is logged with the ARN, not a value, and retried', async () => {
    delete process.env.CALLBACK_SECRET;
    const handler = await loadHandler({ CALLBACK_SECRET_ARN: SECRET_ARN }, (sm, c) =>
      sm
        .on(c.GetSecretValueCommand)
        .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
        .resolves({ SecretString: SECRET }),
    );
    const event = sqsEvent(deliveries().Records[0]!);
    expect((await handler(event)).batchItemFailures).toHaveLength(1);
    expect((await handler(event)).batchItemFailures).toEqual([]);
    expect(secretCalls()).toBe(2);
    const logs = captured.join('');
    expect(logs).toMatch(/ThrottlingException/);
    expectNoSecretIn(logs);
  });
});

describe('the callback secret in API responses', () => {
  it('no control API response contains it, even with the secret in the process environment', async () => {
    process.env.CALLBACK_SECRET = SECRET;
    const api = createTestApi();
    const bodies: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await api.call(method, path, body === undefined ? {} : { body });
      bodies.push(JSON.stringify(res));
      return res;
    };
    const schema = await call('POST', '/schemas', {
      name: 'hooks',
      trigger: { bucket: 'media-in', directory: 'up/' },
      items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s'] }] },
      notification: { type: 'url', target: 'https://hooks.example.com/mps', mode: 'change' },
    });
    expect({ status: schema.status, body: schema.body }).toMatchObject({ status: 201 });
    await call('GET', '/schemas');
    await call('GET', `/schemas/${schema.body.id}`);
    await call('GET', '/templates');
    await call('GET', '/tasks');
    await call('POST', '/tasks', {
      input: { bucket: 'media-in', key: 'up/a.mp4' },
      output: { bucket: 'media-out', directory: 'o/' },
      items: { snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s'] }] },
      notification: { type: 'url', target: 'https://hooks.example.com/mps' },
    });
    await call('GET', '/explain');
    await call('POST', '/schemas', {
      name: 'bad',
      notification: { type: 'url', target: 'http://169.254.169.254/' },
    });
    await call('GET', '/nope');
    await call('POST', '/templates/transcode', '{not json');
    expect(bodies.length).toBe(10);
    expectNoSecretIn(bodies.join('\n'));
    expectNoSecretIn(captured.join('') || ' ');
  });
});
