import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import type { EventBridgeEvent, S3ObjectCreatedEvent } from '../../local/event-bridge';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import type { ServiceWiring, WireContext } from '../../local/service';
import { TEST_TABLE } from './table';
import { waitFor } from './helpers';

/** A stand-in service that records what the shell delivers to it. */
function recordingService() {
  const ingested: S3ObjectCreatedEvent[] = [];
  const jobEvents: EventBridgeEvent[] = [];
  let ctx: WireContext | undefined;
  let engineStopped = false;
  let seeded = 0;
  let watchdogRuns = 0;
  let outboxRelays = 0;
  const recoveries: { before: Date; after?: Date }[] = [];
  const bodies = <T>(e: SQSEvent) => e.Records.map((r) => JSON.parse(r.body) as T);
  const service: ServiceWiring = {
    table: TEST_TABLE,
    async wire(c) {
      ctx = c;
      return {
        engine: {
          receivedJobs: [],
          async cancelAll() {
            return 0;
          },
          async shutdown() {
            engineStopped = true;
          },
        },
        handlers: {
          ingest: async (e) => void ingested.push(...bodies<S3ObjectCreatedEvent>(e)),
          jobEvents: async (e) => void jobEvents.push(...bodies<EventBridgeEvent>(e)),
          notifyDelivery: async () => undefined,
          watchdog: async () => void watchdogRuns++,
          relayOutbox: async () => void outboxRelays++,
        },
        recover: async (window) => {
          recoveries.push(window);
          return { uploadTasks: 0, resubmitted: 0, started: 0, relayedEvents: 0 };
        },
        close: () => undefined,
        seed: async () => void seeded++,
        async startApi(port) {
          const server = http.createServer((_req, res) => res.end('ok'));
          await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
          return {
            url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            close: () => new Promise<void>((r) => server.close(() => r())),
          };
        },
      };
    },
  };
  return {
    service,
    ingested,
    jobEvents,
    get ctx() {
      return ctx!;
    },
    get engineStopped() {
      return engineStopped;
    },
    get seeded() {
      return seeded;
    },
    get watchdogRuns() {
      return watchdogRuns;
    },
  };
}

describe('startLocalRuntime (shell)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mps-runtime-'));
  const rec = recordingService();
  let rt: LocalRuntime;
  const quiet = () => undefined;

  beforeAll(async () => {
    rt = await startLocalRuntime({
      dataDir,
      apiPort: 0,
      service: rec.service,
      log: quiet,
      watchdogIntervalMs: 100,
    });
  });
  afterAll(async () => {
    await rt?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes endpoints.json for the CLI and a stable callback secret', async () => {
    const file = JSON.parse(readFileSync(path.join(dataDir, 'endpoints.json'), 'utf8'));
    expect(file).toMatchObject({
      api: rt.urls.api,
      s3: rt.urls.s3,
      sqs: rt.urls.sqs,
      dynamodb: rt.urls.dynamodb,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      eventsQueueUrl: rt.resources.eventsQueue.url,
      pid: process.pid,
    });
    expect(await (await fetch(file.api)).text()).toBe('ok');
    expect(rt.callbackSecret).toMatch(/^[0-9a-f]{64}$/);
    // The file is the key byte for byte: no trailing newline.
    expect(readFileSync(path.join(dataDir, 'callback-secret'), 'utf8')).toBe(rt.callbackSecret);
    expect(rec.ctx.callbackSecret).toBe(rt.callbackSecret);
    expect(rec.ctx.stackId).toBe('mps-local');
    expect(rec.ctx.concurrency).toBeGreaterThanOrEqual(1);
    expect(rec.seeded).toBe(1);
  });

  it('delivers uploads to the ingest handler as S3 EventBridge events with S3-encoded keys', async () => {
    const key = 'input/a b+c ü%.mp4';
    await rt.clients.s3.send(new PutObjectCommand({ Bucket: 'mps-local', Key: key, Body: 'data' }));
    const ev = await waitFor('the ingest invocation', () =>
      rec.ingested.find((e) => e.detail.object.size === 4),
    );
    expect(ev.detail.object.key).toBe('input/a+b%2Bc+%C3%BC%25.mp4');
    expect(ev.detail.bucket.name).toBe('mps-local');
  });

  it('routes engine job-state events through the rule filter to the job-events handler', async () => {
    const base = {
      version: '0' as const,
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
    };
    rec.ctx.onJobEvent({
      ...base,
      id: 'other',
      detail: { status: 'COMPLETE', userMetadata: { mpsStackId: 'x' } },
    });
    rec.ctx.onJobEvent({
      ...base,
      id: 'mine',
      detail: { status: 'COMPLETE', userMetadata: { mpsStackId: 'mps-local' } },
    });
    await waitFor('the job-events invocation', () => rec.jobEvents.find((e) => e.id === 'mine'));
    expect(rec.jobEvents.map((e) => e.id)).toEqual(['mine']);
  });

  it('runs the watchdog on its schedule and on demand', async () => {
    await waitFor('two scheduled watchdog runs', () => (rec.watchdogRuns >= 2 ? true : undefined));
    await rt.runWatchdog();
    const before = rec.watchdogRuns;
    await rt.runWatchdog();
    expect(rec.watchdogRuns).toBeGreaterThan(before);
  });

  it('refuses a second runtime on the same data dir while one runs (another process)', async () => {
    // Simulate another live process owning the data dir: point endpoints.json at our parent's pid.
    const file = path.join(dataDir, 'endpoints.json');
    const original = readFileSync(file, 'utf8');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(original), pid: process.ppid }));
    try {
      await expect(
        startLocalRuntime({ dataDir, apiPort: 0, service: recordingService().service, log: quiet }),
      ).rejects.toThrow(/another local runtime \(pid \d+\) is using/);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('stops everything: engine, API, endpoints, endpoints.json', async () => {
    const api = rt.urls.api;
    const s3 = rt.urls.s3;
    await rt.stop();
    expect(rec.engineStopped).toBe(true);
    expect(existsSync(path.join(dataDir, 'endpoints.json'))).toBe(false);
    await expect(fetch(api)).rejects.toThrow();
    await expect(fetch(s3)).rejects.toThrow();
    await rt.stop(); // idempotent
  });
});

describe('startLocalRuntime: busy API port, per-user endpoints record, old secret file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mps-runtime-busy-'));
  const blocker = net.createServer();
  afterAll(async () => {
    await new Promise<void>((r) => blocker.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces a busy API port, records the endpoints for the user, removes the record on stop', async () => {
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busyPort = (blocker.address() as AddressInfo).port;
    const dataDir = path.join(dir, 'data');
    // A secret written by an earlier version, with a trailing newline: same key, newline dropped.
    mkdirSync(dataDir, { recursive: true });
    const oldSecret = 'ab'.repeat(32);
    writeFileSync(path.join(dataDir, 'callback-secret'), oldSecret + '\n');
    const userFile = path.join(dir, 'state', 'mps-aws', 'local-endpoints.json');
    const warnings: string[] = [];
    const rt = await startLocalRuntime({
      dataDir,
      apiPort: busyPort,
      userEndpointsFile: userFile,
      service: recordingService().service,
      log: (level, message) => void (level === 'warn' && warnings.push(message)),
    });
    try {
      const apiPort = Number(new URL(rt.urls.api).port);
      expect(apiPort).not.toBe(busyPort);
      expect(await (await fetch(rt.urls.api)).text()).toBe('ok');
      expect(warnings).toContain(`port ${busyPort} is busy; the control API uses another port`);
      const record = JSON.parse(readFileSync(userFile, 'utf8'));
      expect(record).toMatchObject({ api: rt.urls.api, s3: rt.urls.s3, dataDir, pid: process.pid });
      expect(JSON.parse(readFileSync(rt.endpointsFile, 'utf8'))).toEqual(record);
      expect(rt.userEndpointsFile).toBe(userFile);
      expect(rt.callbackSecret).toBe(oldSecret);
      expect(readFileSync(path.join(dataDir, 'callback-secret'), 'utf8')).toBe(oldSecret);
    } finally {
      await rt.stop();
    }
    expect(existsSync(userFile)).toBe(false);
    expect(existsSync(rt.endpointsFile)).toBe(false);
  });
});
