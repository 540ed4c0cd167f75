import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  LocalEventBridge,
  matchesJobStateRule,
  nextSequencer,
  type EventBridgeEvent,
  type S3ObjectCreatedEvent,
} from '../../local/event-bridge';
import { LOCAL_NAMES, ensureLocalResources, type LocalResources } from '../../local/resources';
import { encodeS3EventKey } from '../../local/s3-key-encoding';
import { startEndpointsFixture, type EndpointsFixture } from './helpers';
import { TEST_TABLE } from './table';

/** What every consumer of real S3 events does to get the key back. */
const decodeS3Key = (k: string) => decodeURIComponent(k.replace(/\+/g, ' '));

describe('encodeS3EventKey (real S3 notification encoding)', () => {
  it.each([
    ['input/my video.mp4', 'input/my+video.mp4'],
    ['input/a+b.mp4', 'input/a%2Bb.mp4'],
    ['input/100%.mp4', 'input/100%25.mp4'],
    ['input/vidéo ü.mp4', 'input/vid%C3%A9o+%C3%BC.mp4'],
    ['input/日本語.mov', 'input/%E6%97%A5%E6%9C%AC%E8%AA%9E.mov'],
    ["input/(1) it's!~*.mp4", 'input/%281%29+it%27s%21%7E*.mp4'],
    ['a/b/c_d-e.f', 'a/b/c_d-e.f'],
  ])('%s → %s', (raw, encoded) => {
    expect(encodeS3EventKey(raw)).toBe(encoded);
    expect(decodeS3Key(encoded)).toBe(raw);
  });

  it('keeps empty segments (double and trailing slashes)', () => {
    expect(encodeS3EventKey('a//b /')).toBe('a//b+/');
  });
});

describe('nextSequencer', () => {
  it('grows strictly, even within one millisecond, and compares as hex of equal length', () => {
    const a = nextSequencer(1_700_000_000_000);
    const b = nextSequencer(1_700_000_000_000);
    expect(a).toMatch(/^[0-9A-F]{18}$/);
    expect(b > a).toBe(true);
  });
});

describe('matchesJobStateRule', () => {
  const ev = (status: string, stackId?: string): EventBridgeEvent => ({
    version: '0',
    id: 'x',
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '000000000000',
    time: '2024-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { status, jobId: 'j1', userMetadata: stackId ? { mpsStackId: stackId } : {} },
  });

  it.each(['PROGRESSING', 'STATUS_UPDATE', 'COMPLETE', 'ERROR', 'CANCELED'])(
    'forwards %s of our stack',
    (s) => {
      expect(matchesJobStateRule(ev(s, 'mps-local'), 'mps-local')).toBe(true);
    },
  );
  it('drops other stacks, untagged jobs, ignored statuses and other sources', () => {
    expect(matchesJobStateRule(ev('COMPLETE', 'other'), 'mps-local')).toBe(false);
    expect(matchesJobStateRule(ev('COMPLETE'), 'mps-local')).toBe(false);
    expect(matchesJobStateRule(ev('SUBMITTED', 'mps-local'), 'mps-local')).toBe(false);
    expect(matchesJobStateRule(ev('INPUT_INFORMATION', 'mps-local'), 'mps-local')).toBe(false);
    expect(matchesJobStateRule({ ...ev('COMPLETE', 'mps-local'), source: 'aws.s3' }, 'mps-local')).toBe(
      false,
    );
    expect(matchesJobStateRule(null, 'mps-local')).toBe(false);
  });
});

describe('LocalEventBridge on the local endpoints', () => {
  let fx: EndpointsFixture;
  let res: LocalResources;
  let bridge: LocalEventBridge;

  beforeAll(async () => {
    fx = await startEndpointsFixture();
    res = await ensureLocalResources(fx.clients, { table: TEST_TABLE });
    bridge = new LocalEventBridge({
      sqs: fx.clients.sqs,
      region: 'us-east-1',
      stackId: 'mps-local',
      ingestQueueUrl: res.ingestQueue.url,
      jobEventsQueueUrl: res.jobEventsQueue.url,
    });
    fx.endpoints.onS3Event((r) => bridge.putS3Record(r));
  });
  afterAll(() => fx.close());

  async function receiveAll(queueUrl: string, count: number): Promise<unknown[]> {
    const bodies: unknown[] = [];
    const deadline = Date.now() + 10_000;
    while (bodies.length < count && Date.now() < deadline) {
      const r = await fx.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const m of r.Messages ?? []) bodies.push(JSON.parse(m.Body!));
    }
    return bodies;
  }

  it('turns uploads into "Object Created" events on the ingest queue with keys encoded like S3', async () => {
    const keys = ['input/my clip.mp4', 'input/a+b.mp4', 'input/ünï 日本.mp4', 'input/100% done.mp4'];
    const etags: string[] = [];
    for (const Key of keys) {
      const put = await fx.clients.s3.send(
        new PutObjectCommand({ Bucket: res.bucket, Key, Body: `body of ${Key}` }),
      );
      etags.push(put.ETag!.replace(/"/g, ''));
    }
    const events = (await receiveAll(res.ingestQueue.url, keys.length)) as S3ObjectCreatedEvent[];
    expect(events).toHaveLength(keys.length);
    const byKey = new Map(events.map((e) => [decodeS3Key(e.detail.object.key), e]));
    keys.forEach((key, i) => {
      const e = byKey.get(key);
      expect(e).toBeDefined();
      expect(e!.detail.object.key).toBe(encodeS3EventKey(key));
      expect(e).toMatchObject({
        version: '0',
        'detail-type': 'Object Created',
        source: 'aws.s3',
        account: '000000000000',
        region: 'us-east-1',
        resources: [`arn:aws:s3:::${LOCAL_NAMES.bucket}`],
        detail: {
          version: '0',
          bucket: { name: LOCAL_NAMES.bucket },
          object: { size: Buffer.byteLength(`body of ${key}`), etag: etags[i] },
          reason: 'PutObject',
        },
      });
      expect(e!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(typeof e!.detail['request-id']).toBe('string');
      expect(e!.id).toMatch(/^[0-9a-f-]{36}$/);
    });
    // Raw characters never leak into the encoded key.
    expect(events.map((e) => e.detail.object.key).join('')).not.toMatch(/[ ü日]/);
  });

  it('gives a re-upload of the same key a new, larger sequencer', async () => {
    const Key = 'input/again.mp4';
    await fx.clients.s3.send(new PutObjectCommand({ Bucket: res.bucket, Key, Body: 'one' }));
    await fx.clients.s3.send(new PutObjectCommand({ Bucket: res.bucket, Key, Body: 'two' }));
    const [a, b] = (await receiveAll(res.ingestQueue.url, 2)) as S3ObjectCreatedEvent[];
    expect(a.detail.object.key).toBe(Key);
    expect(b.detail.object.sequencer > a.detail.object.sequencer).toBe(true);
    expect(a.detail.object.etag).not.toBe(b.detail.object.etag);
  });

  it('forwards only matching job-state events to the job-events queue', async () => {
    const base = {
      version: '0' as const,
      'detail-type': 'MediaConvert Job State Change',
      source: 'aws.mediaconvert',
      account: '000000000000',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
    };
    expect(
      bridge.putJobStateEvent({
        ...base,
        id: 'ours',
        detail: { status: 'COMPLETE', userMetadata: { mpsStackId: 'mps-local' } },
      }),
    ).toBe(true);
    expect(
      bridge.putJobStateEvent({
        ...base,
        id: 'theirs',
        detail: { status: 'COMPLETE', userMetadata: { mpsStackId: 'x' } },
      }),
    ).toBe(false);
    await bridge.flush();
    const got = (await receiveAll(res.jobEventsQueue.url, 1)) as EventBridgeEvent[];
    expect(got.map((e) => e.id)).toEqual(['ours']);
  });
});
