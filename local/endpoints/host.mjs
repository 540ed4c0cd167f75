// Child process that hosts the local AWS endpoints (DynamoDB, S3, SQS + SNS) for the embedded
// runtime. Started by `startLocalEndpoints()` (local/endpoints/start.ts) with `fork()`; plain
// JavaScript so that it needs no TypeScript loader.
//
// Why a child process:
// - fauxqs is an ES module only; jest (CommonJS transform) cannot `require` it in-process.
// - s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers with
//   the legacy provider: every *paged* listing fails with "digital envelope routines::unsupported"
//   unless Node runs with `--openssl-legacy-provider`. The parent forks this file with that flag,
//   so paged listings work no matter how the parent was started (npm start, jest, a library user).
// - the emulators' CPU/disk work stays off the handlers' event loop.
//
// Protocol (IPC): parent → child `{ type: 'stop' }`; child → parent `{ type: 'ready', ports }`,
// `{ type: 's3-event', event }` (s3rver's S3 notification records), `{ type: 'fatal', message }`.
// The child exits when the IPC channel closes, so a crashed parent never leaves it behind.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const options = JSON.parse(process.env.MPS_LOCAL_ENDPOINTS_OPTIONS ?? '{}');
const host = '127.0.0.1';

/** @type {Array<() => Promise<void>>} */
const closers = [];

async function startDynalite() {
  const dynalite = require('dynalite');
  // `path` persists tables in LevelDB; createTableMs 0: the table is ACTIVE at once.
  const server = dynalite({
    path: options.dynamodbDir,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.dynamodbPort ?? 0, host, resolve);
  });
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return server.address().port;
}

async function startS3() {
  const S3rver = require('s3rver');
  const s3rver = new S3rver({
    address: host,
    port: options.s3Port ?? 0,
    directory: options.s3Dir,
    silent: true,
    // Path-style only: the SDK clients use forcePathStyle, and vhost parsing of 127.0.0.1 is pointless.
    vhostBuckets: false,
  });
  s3rver.on('event', (event) => {
    process.send?.({ type: 's3-event', event });
  });
  const address = await s3rver.run();
  closers.push(async () => {
    const closing = s3rver.close();
    s3rver.httpServer?.closeAllConnections?.();
    await closing.catch(() => undefined);
  });
  return address.port;
}

async function startFauxqsServer() {
  const { buildApp } = await import('fauxqs');
  // buildApp instead of startFauxqs: startFauxqs always binds 0.0.0.0; we bind loopback only.
  // No `host` option: queue URLs then use the request's Host header (http://127.0.0.1:<port>/…),
  // which resolves without the *.localhost DNS tricks fauxqs documents.
  const app = buildApp({ logger: false, defaultRegion: options.region ?? 'us-east-1' });
  const address = await app.listen({ port: options.sqsPort ?? 0, host });
  closers.push(() => app.close());
  return Number(new URL(address).port);
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled(closers.map((close) => close()));
  process.exit(code);
}

process.on('message', (msg) => {
  if (msg && msg.type === 'stop') void stop(0);
});
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// Ctrl-C in a terminal reaches the whole process group; the parent decides when we stop.
process.on('SIGINT', () => undefined);

try {
  const [dynamodb, s3, sqs] = await Promise.all([startDynalite(), startS3(), startFauxqsServer()]);
  process.send?.({ type: 'ready', ports: { dynamodb, s3, sqs } });
} catch (err) {
  process.send?.({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  await stop(1);
}
