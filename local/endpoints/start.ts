/**
 * Starts the local real-protocol AWS endpoints on 127.0.0.1 in one child process (see host.mjs for
 * why it is a child):
 * - DynamoDB: dynalite, persisted (LevelDB) under `<dataDir>/dynamodb`.
 * - S3: s3rver, persisted under `<dataDir>/s3` (objects are files `<bucket>/<key>._S3rver_object`).
 *   Chosen over fauxqs's S3 because fauxqs keeps objects in memory only (outputs would vanish on
 *   restart and could not be opened from disk) and caps single PUTs at 11 MiB, while s3rver stores
 *   files on disk, handles multipart uploads and emits S3 notification records for every created
 *   object, which is what the EventBridge emulation needs.
 * - SQS + SNS: fauxqs (in memory: queued messages do not survive a restart; the watchdog fails
 *   subtasks whose job events were lost). It implements RedrivePolicy (DLQ on receive once
 *   ApproximateReceiveCount > maxReceiveCount, like SQS), ChangeMessageVisibility and SNS → SQS
 *   subscriptions natively, so nothing of that is emulated here.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LocalEndpointUrls } from './clients';

/** s3rver's notification record (the S3 → SQS/SNS/Lambda shape, with an unencoded key). */
export interface S3NotificationRecord {
  eventName: string;
  eventTime: string;
  awsRegion: string;
  responseElements?: Record<string, string>;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer?: string; versionId?: string };
  };
}

export interface LocalEndpoints extends LocalEndpointUrls {
  /** Subscribes to object-created/removed records; returns an unsubscribe function. */
  onS3Event(listener: (record: S3NotificationRecord) => void): () => void;
  /** Stops the endpoint process (waits for it to exit). */
  stop(): Promise<void>;
}

export interface StartEndpointsOptions {
  dataDir: string;
  region?: string;
  /** Fixed ports; default: free ports chosen by the OS. */
  s3Port?: number;
  sqsPort?: number;
  dynamodbPort?: number;
  /** Give up when the endpoints are not up after this long. Default 30 s. */
  startTimeoutMs?: number;
}

export const LOCAL_ACCESS_KEY_ID = 'S3RVER';
export const LOCAL_SECRET_ACCESS_KEY = 'S3RVER';

type HostMessage =
  | { type: 'ready'; ports: { dynamodb: number; s3: number; sqs: number } }
  | { type: 's3-event'; event: { Records: S3NotificationRecord[] } }
  | { type: 'fatal'; message: string };

export async function startLocalEndpoints(opts: StartEndpointsOptions): Promise<LocalEndpoints> {
  const region = opts.region ?? 'us-east-1';
  const dynamodbDir = path.join(opts.dataDir, 'dynamodb');
  const s3Dir = path.join(opts.dataDir, 's3');
  mkdirSync(dynamodbDir, { recursive: true });
  mkdirSync(s3Dir, { recursive: true });

  const child = fork(path.join(__dirname, 'host.mjs'), [], {
    execArgv: ['--openssl-legacy-provider'],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      MPS_LOCAL_ENDPOINTS_OPTIONS: JSON.stringify({
        region,
        dynamodbDir,
        s3Dir,
        s3Port: opts.s3Port,
        sqsPort: opts.sqsPort,
        dynamodbPort: opts.dynamodbPort,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  const listeners = new Set<(record: S3NotificationRecord) => void>();
  child.on('message', (msg: HostMessage) => {
    if (msg.type !== 's3-event') return;
    for (const record of msg.event.Records) {
      for (const listener of listeners) listener(record);
    }
  });

  const ports = await waitForReady(child, opts.startTimeoutMs ?? 30_000);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;

  return {
    region,
    dynamodb: url(ports.dynamodb),
    s3: url(ports.s3),
    sqs: url(ports.sqs),
    sns: url(ports.sqs),
    accessKeyId: LOCAL_ACCESS_KEY_ID,
    secretAccessKey: LOCAL_SECRET_ACCESS_KEY,
    onS3Event(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped ??= stopChild(child);
      return stopped;
    },
  };
}

function waitForReady(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ dynamodb: number; s3: number; sqs: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local endpoints did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: HostMessage) => {
      if (msg.type === 'ready') {
        cleanup();
        resolve(msg.ports);
      } else if (msg.type === 'fatal') {
        cleanup();
        reject(new Error(`local endpoints failed to start: ${msg.message}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(
        new Error(`local endpoints process exited before it was ready (code ${code}, signal ${signal})`),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}
