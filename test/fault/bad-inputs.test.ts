/**
 * Bad inputs through the real ingest path (handler → services → core builder) with the real S3 source
 * probe over a mocked S3 (ranged GETs served from in-memory bytes): unreadable media fails the subtask
 * with SourceFileError when the settings need probing, S3 outages are retried, oversized declarations are
 * never read in full; hostile keys ('../', control characters, 1024-byte names, unicode) are processed
 * and every output key stays inside the schema's output directory.
 */
import '../support/handler-env';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createS3SourceProbe } from '../../lambdas/adapters/source-probe';
import { COMPANION_GROUP_NAME } from '../../lambdas/core/mediaconvert';
import { sqsEvent, sqsRecord } from '../support/sqs-events';
import { encodeS3Key, faultFixture, type FaultFixture, objectCreated } from './support';
import { FFMPEG, TOOL_ENV } from '../support/ffmpeg';

const s3Mock = mockClient(S3Client);
const GiB = 1024 ** 3;

/** Objects of the mocked bucket `in`: bytes, or a size with a byte source for sparse huge objects. */
const objects = new Map<string, { size: number; bytesAt: (start: number, end: number) => Uint8Array }>();
let bytesServed = 0;

function putObject(key: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  objects.set(key, { size: bytes.length, bytesAt: (s, e) => bytes.slice(s, e) });
}

function parseRange(range: string | undefined, size: number): [number, number] {
  const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
  if (!m) return [0, size];
  return [Number(m[1]), Math.min(size, Number(m[2]) + 1)];
}

let clips: { moovAtEnd: Buffer; faststart: Buffer };
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mps-bad-inputs-'));
  const run = promisify(execFile);
  const make = async (name: string, extra: string[]) => {
    const file = path.join(tmp, name);
    await run(
      FFMPEG,
      [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=25'],
        ...['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...extra, file],
      ],
      { env: TOOL_ENV },
    );
    return readFileSync(file);
  };
  clips = {
    moovAtEnd: await make('end.mp4', []),
    faststart: await make('fast.mp4', ['-movflags', '+faststart']),
  };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeEach(() => {
  s3Mock.reset();
  objects.clear();
  bytesServed = 0;
  s3Mock.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
    const o = objects.get(input.Key);
    if (!o)
      throw Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    return { ContentLength: o.size };
  });
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string; Range?: string }) => {
    const o = objects.get(input.Key);
    if (!o) throw Object.assign(new Error('no such key'), { name: 'NoSuchKey' });
    const [start, end] = parseRange(input.Range, o.size);
    const bytes = o.bytesAt(start, end);
    bytesServed += bytes.length;
    return { Body: { transformToByteArray: async () => bytes } };
  });
});

/** Schema whose only item (a sample snapshot every 10 % of the duration) needs the source duration. */
async function probingFixture(): Promise<FaultFixture> {
  return faultFixture({
    items: { sampleSnapshot: [{ templateId: 20 }] },
    probe: createS3SourceProbe(new S3Client({ region: 'eu-west-1' })),
  });
}

async function ingestOne(f: FaultFixture, key: string, opts: { size?: number; receiveCount?: number } = {}) {
  const record = sqsRecord(
    objectCreated(encodeS3Key(key), {
      sequencer: `0${key.length}`,
      ...(opts.size ? { size: opts.size } : {}),
    }),
    { receiveCount: opts.receiveCount ?? 1 },
  );
  return f.ingest(sqsEvent(record));
}

const taskOf = (f: FaultFixture, key: string) => f.tasks().find((t) => t.input.key === key);

describe('unreadable or hostile media, when probing is required', () => {
  it.each([
    [
      'a zero-byte object',
      'videos/empty.mp4',
      '',
      /^input s3:\/\/in\/videos\/empty\.mp4 is not a readable video: it is empty$/,
    ],
    [
      'a text file named .mp4',
      'videos/notes.mp4',
      'this is not a video\n'.repeat(100),
      /^input s3:\/\/in\/videos\/notes\.mp4 is not a readable video: its content matches no media format/,
    ],
    [
      'an MP4 truncated before its moov box',
      'videos/truncated.mp4',
      'TRUNCATED',
      /^could not read durationSeconds of s3:\/\/in\/videos\/truncated\.mp4 \(MP4\/MOV\)/,
    ],
    [
      'a box header declaring more bytes than the object has',
      'videos/liar.mp4',
      'LIAR',
      /^could not read durationSeconds of s3:\/\/in\/videos\/liar\.mp4 \(MP4\/MOV\)/,
    ],
  ])(
    '%s fails the subtask with SourceFileError, once, without a retry',
    async (_what, key, content, message) => {
      const bytes =
        content === 'TRUNCATED'
          ? clips.moovAtEnd.subarray(0, Math.floor(clips.moovAtEnd.length * 0.6))
          : content === 'LIAR'
            ? (() => {
                const b = Buffer.from(clips.faststart);
                b.writeUInt32BE(0x7fffffff, 0); // ftyp claims 2 GiB
                return b;
              })()
            : content;
      putObject(key, bytes);
      const f = await probingFixture();
      expect((await ingestOne(f, key)).batchItemFailures).toEqual([]);
      const task = taskOf(f, key)!;
      expect(task).toMatchObject({ status: 'FINISH', result: 'FAIL' });
      expect(task.subtasks[0]).toMatchObject({ status: 'FAIL', errorCode: 'SourceFileError' });
      expect(task.subtasks[0]?.errorMessage).toMatch(message);
      expect(f.mediaConvert.calls).toBe(0);
      // A redelivery does not probe or submit again.
      const probes = f.probeCalls.length;
      expect((await ingestOne(f, key)).batchItemFailures).toEqual([]);
      expect(f.probeCalls.length).toBe(probes);
      expect(f.mediaConvert.calls).toBe(0);
    },
  );

  it('an object deleted before it was probed fails with SourceFileError naming the cause', async () => {
    const f = await probingFixture();
    expect((await ingestOne(f, 'videos/gone.mp4')).batchItemFailures).toEqual([]);
    expect(taskOf(f, 'videos/gone.mp4')?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: 'SourceFileError',
      errorMessage: expect.stringMatching(/does not exist/),
    });
  });

  it('a readable MP4 (moov first or last) is probed from its header and submitted', async () => {
    putObject('videos/ok-end.mp4', clips.moovAtEnd);
    putObject('videos/ok-fast.mp4', clips.faststart);
    const f = await probingFixture();
    for (const key of ['videos/ok-end.mp4', 'videos/ok-fast.mp4']) {
      expect((await ingestOne(f, key)).batchItemFailures).toEqual([]);
      expect(taskOf(f, key)?.subtasks[0]).toMatchObject({ status: 'PROCESSING' });
    }
    expect(f.mediaConvert.jobs).toHaveLength(2);
  });

  it('a 5 TiB object is probed from its first bytes only; one declaring a 5 TiB moov is refused unread', async () => {
    const FIVE_TIB = 5 * 1024 * GiB;
    const head = clips.faststart;
    const sparse = (prefix: Uint8Array) => (s: number, e: number) => {
      const out = new Uint8Array(e - s);
      if (s < prefix.length) out.set(prefix.subarray(s, Math.min(e, prefix.length)));
      return out;
    };
    objects.set('videos/huge.mp4', { size: FIVE_TIB, bytesAt: sparse(head) });
    // ftyp, then a moov box whose 64-bit size says 5 TiB.
    const ftypSize = head.readUInt32BE(0);
    const bomb = Buffer.alloc(ftypSize + 16);
    head.copy(bomb, 0, 0, ftypSize);
    bomb.writeUInt32BE(1, ftypSize);
    bomb.write('moov', ftypSize + 4, 'latin1');
    bomb.writeBigUInt64BE(BigInt(FIVE_TIB - ftypSize), ftypSize + 8);
    objects.set('videos/moov-bomb.mp4', { size: FIVE_TIB, bytesAt: sparse(bomb) });

    const f = await probingFixture();
    expect((await ingestOne(f, 'videos/huge.mp4', { size: FIVE_TIB })).batchItemFailures).toEqual([]);
    expect(taskOf(f, 'videos/huge.mp4')?.subtasks[0]).toMatchObject({ status: 'PROCESSING' });
    expect((await ingestOne(f, 'videos/moov-bomb.mp4', { size: FIVE_TIB })).batchItemFailures).toEqual([]);
    expect(taskOf(f, 'videos/moov-bomb.mp4')?.subtasks[0]).toMatchObject({
      status: 'FAIL',
      errorCode: 'SourceFileError',
    });
    expect(bytesServed).toBeLessThan(1024 * 1024);
  });

  it('an S3 outage while probing is retried (message returned), not turned into a failed subtask', async () => {
    putObject('videos/later.mp4', clips.faststart);
    const f = await probingFixture();
    s3Mock
      .on(GetObjectCommand)
      .rejectsOnce(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' }));
    const res = await ingestOne(f, 'videos/later.mp4');
    expect(res.batchItemFailures).toHaveLength(1);
    expect(taskOf(f, 'videos/later.mp4')?.subtasks[0]).toMatchObject({ status: 'WAITING' });
    // s3Mock falls back to the callsFake behaviour for the next call.
    s3Mock.on(GetObjectCommand).callsFake((input: { Key: string; Range?: string }) => {
      const o = objects.get(input.Key)!;
      const [start, end] = parseRange(input.Range, o.size);
      return { Body: { transformToByteArray: async () => o.bytesAt(start, end) } };
    });
    expect((await ingestOne(f, 'videos/later.mp4', { receiveCount: 2 })).batchItemFailures).toEqual([]);
    expect(taskOf(f, 'videos/later.mp4')?.subtasks[0]).toMatchObject({ status: 'PROCESSING' });
    expect(f.tasks()).toHaveLength(1);
  });
});

/** Every S3 destination of a CreateJob request. */
/** Where a job writes the subtasks' outputs (the companion output goes to the work bucket). */
function destinations(job: CreateJobCommandInput): string[] {
  return (job.Settings?.OutputGroups ?? [])
    .filter((g) => g.Name !== COMPANION_GROUP_NAME)
    .map((g) => {
      const s = g.OutputGroupSettings!;
      return (s.FileGroupSettings ?? s.HlsGroupSettings)!.Destination!;
    });
}

/** Asserts a destination is a key directly inside s3://out/results/ (or one folder below for HLS). */
function expectInsideOutputDir(dest: string): void {
  expect(dest.startsWith('s3://out/results/')).toBe(true);
  const rel = dest.slice('s3://out/results/'.length);
  const segments = rel.split('/');
  expect(segments.length).toBeLessThanOrEqual(2);
  for (const seg of segments) {
    expect(seg).not.toBe('');
    expect(seg).not.toMatch(/^\.\.?$/);
    expect(seg).not.toMatch(/[\u0000-\u001f\u007f\\]/);
  }
  expect(Buffer.byteLength(dest.slice('s3://out/'.length), 'utf8')).toBeLessThanOrEqual(1024 - 40);
}

describe('hostile object keys', () => {
  const ITEMS = {
    transcode: [{ templateId: 100010 }],
    adaptiveStreaming: [{ templateIds: [100210, 100220] }],
    snapshotByTimeOffset: [{ templateId: 10, offsets: [{ value: 1, unit: 's' as const }] }],
  };

  it.each([
    ['parent-directory segments', 'videos/../../../etc/passwd.mp4'],
    ['a key ending in ..', 'videos/clips/...mp4'],
    ['control characters', 'videos/a\u0000b\u0007c\r\nd\u001b[31m.mp4'],
    ['backslashes and a Windows path', 'videos/..\\..\\boot.ini.mp4'],
    ['a 1024-byte key', `videos/x${'é'.repeat(506)}.mp4`],
    ['unicode (NFD, emoji, RTL, zero-width)', 'videos/cafe\u0301 🎬 \u202Eevil\u200d.mp4'],
    ['S3 form-encoding specials', 'videos/100% c++ a=b&c;d?#.mp4'],
  ])('%s: processed, every output inside the output directory', async (_what, key) => {
    if (key.length > 500) expect(Buffer.byteLength(key, 'utf8')).toBe(1024); // S3's maximum
    const f = await faultFixture({ items: ITEMS });
    expect((await ingestOne(f, key)).batchItemFailures).toEqual([]);
    const task = taskOf(f, key)!;
    expect(task.input.key).toBe(key);
    expect(task.subtasks.map((s) => s.status)).toEqual(['PROCESSING', 'PROCESSING', 'PROCESSING']);
    expect(f.mediaConvert.jobs).toHaveLength(3);
    for (const job of f.mediaConvert.jobs) {
      expect(job.Settings?.Inputs?.[0]?.FileInput).toBe(`s3://in/${key}`);
      for (const dest of destinations(job)) expectInsideOutputDir(dest);
    }
  });

  it('a folder placeholder object ("videos/sub/") creates no task', async () => {
    const f = await faultFixture({ items: ITEMS });
    expect((await ingestOne(f, 'videos/sub/')).batchItemFailures).toEqual([]);
    expect(f.tasks()).toEqual([]);
  });

  it('fuzz: 300 random keys never crash the handler and never escape the output directory', async () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = [
      ...'abcXYZ019 ._-+%&=?#/\\~\'"`$()[]{}<>|;:,!@^*',
      '..',
      '../',
      '\u0000',
      '\u0009',
      '\u000a',
      '\u007f',
      'é',
      'e\u0301',
      '영',
      '🎬',
      '\u202e',
      '\u200d',
      '\ufeff',
    ];
    const f = await faultFixture({ items: { transcode: [{ templateId: 100010 }] } });
    const keys = new Set<string>();
    while (keys.size < 300) {
      const len = 1 + rand(60);
      let name = '';
      for (let i = 0; i < len; i++) name += alphabet[rand(alphabet.length)];
      keys.add(`videos/${name}.${['mp4', 'mov', 'MP4', 'mkv'][rand(4)]}`);
    }
    const records = [...keys].map((key, i) =>
      sqsRecord(objectCreated(encodeS3Key(key), { sequencer: `F${i}` })),
    );
    for (let i = 0; i < records.length; i += 10) {
      expect((await f.ingest(sqsEvent(...records.slice(i, i + 10)))).batchItemFailures).toEqual([]);
    }
    // Every key is a task (extension match is case-insensitive), except ones the loop guard skips.
    expect(f.tasks().length).toBeGreaterThan(250);
    for (const job of f.mediaConvert.jobs) for (const dest of destinations(job)) expectInsideOutputDir(dest);
    for (const t of f.tasks()) expect(t.subtasks[0]?.status).toBe('PROCESSING');
  });
});
