/**
 * Commands that move objects: `upload` (and `upload --watch`), `download` and `presign`, against a
 * real S3 protocol implementation (the local runtime's s3rver) and the control API over HTTP, found
 * like the local runtime through endpoints.json.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createLocalAwsClients, type LocalAwsClients } from '../../local/endpoints/clients';
import { startLocalEndpoints, type LocalEndpoints } from '../../local/endpoints/start';
import type { Task } from '../../lambdas/core/model';
import { presignUrl } from '../../cli/presign';
import { makeTask } from '../support/tasks';
import { startCliEnv, type CliEnv } from './support';

jest.setTimeout(60_000);

let env: CliEnv;
let endpoints: LocalEndpoints;
let clients: LocalAwsClients;
const BUCKET = 'media';

/** mps with the local runtime found through --local-dir (no MPS_ENDPOINT). */
function mps(...argv: string[]) {
  return env.mpsWith({}, '--local-dir', path.join(env.cwd, 'runtime'), ...argv);
}

async function put(key: string, body: string): Promise<void> {
  await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

beforeAll(async () => {
  env = await startCliEnv();
  endpoints = await startLocalEndpoints({ dataDir: path.join(env.cwd, 'endpoints') });
  clients = createLocalAwsClients(endpoints);
  await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  mkdirSync(path.join(env.cwd, 'runtime'));
  writeFileSync(
    path.join(env.cwd, 'runtime', 'endpoints.json'),
    JSON.stringify({
      api: env.server.url,
      s3: endpoints.s3,
      region: endpoints.region,
      accessKeyId: endpoints.accessKeyId,
      secretAccessKey: endpoints.secretAccessKey,
    }),
  );
});

afterAll(async () => {
  clients?.destroy();
  await endpoints?.stop();
  await env?.close();
});

beforeEach(() => {
  env.onSleep = async () => {};
});

describe('download', () => {
  it('fetches one object, or every object under a prefix keeping their relative paths', async () => {
    await put('docs/a.txt', 'first');
    await put('docs/sub/b.txt', 'second');
    const one = await mps('download', `s3://${BUCKET}/docs/a.txt`, 'one');
    expect(one.code).toBe(0);
    expect(readFileSync(path.join(env.cwd, 'one', 'a.txt'), 'utf8')).toBe('first');
    expect(one.stdout).toMatch(/^OBJECT\s+FILE\s+BYTES\ns3:\/\/media\/docs\/a\.txt\s+one\/a\.txt\s+5\n$/);

    const all = await mps('--json', 'download', `s3://${BUCKET}/docs/`, 'all');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).files.map((f: { key: string; size: number }) => [f.key, f.size])).toEqual([
      ['docs/a.txt', 5],
      ['docs/sub/b.txt', 6],
    ]);
    expect(readFileSync(path.join(env.cwd, 'all', 'sub', 'b.txt'), 'utf8')).toBe('second');

    const missing = await mps('download', `s3://${BUCKET}/docs/none.txt`, 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'error NoSuchKey: cannot download s3://media/docs/none.txt: no such object\n',
    );
    const empty = await mps('download', `s3://${BUCKET}/nothing/`, 'x');
    expect(empty).toMatchObject({
      code: 1,
      stderr: 'error NothingToDownload: s3://media/nothing/ has no objects to download\n',
    });
  });

  it("fetches a task's outputs: files, frame sequences and an HLS playlist with its variants and segments", async () => {
    await put('out/clip_transcode_100030.mp4', 'video');
    await put('out/clip_snapshot_10.0000000.jpg', 'f0');
    await put('out/clip_snapshot_10.0000001.jpg', 'f1');
    await put('out/hls/clip_adaptive.m3u8', '#EXTM3U master');
    await put('out/hls/clip_adaptive_360p.m3u8', '#EXTM3U variant');
    await put('out/hls/clip_adaptive_360p_00001.ts', 'segment');
    await put('out/unrelated.txt', 'not an output');
    const base = makeTask({
      taskId: 't-20250301T100000Z-00000000000000aa',
      createdAt: '2025-03-01T10:00:00.000Z',
    });
    const sub = base.subtasks[0]!;
    await env.api.tasks.create({
      ...base,
      output: { bucket: BUCKET, directory: 'out/' },
      status: 'FINISH',
      result: 'SUCCESS',
      subtasks: [
        {
          ...sub,
          status: 'SUCCESS',
          outputs: [{ bucket: BUCKET, key: 'out/clip_transcode_100030.mp4', kind: 'video' }],
        },
        {
          ...sub,
          no: 2,
          status: 'SUCCESS',
          outputs: [
            {
              bucket: BUCKET,
              key: 'out/clip_snapshot_10.0000000.jpg',
              lastKey: 'out/clip_snapshot_10.0000001.jpg',
              count: 2,
              kind: 'image',
            },
          ],
        },
        {
          ...sub,
          no: 3,
          status: 'SUCCESS',
          outputs: [{ bucket: BUCKET, key: 'out/hls/clip_adaptive.m3u8', kind: 'playlist' }],
        },
      ],
    });
    const res = await mps('-o', 'text', 'download', base.taskId, 'task');
    expect(res.code).toBe(0);
    expect(
      res.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[1]),
    ).toEqual([
      'task/clip_transcode_100030.mp4',
      'task/clip_snapshot_10.0000000.jpg',
      'task/clip_snapshot_10.0000001.jpg',
      'task/hls/clip_adaptive.m3u8',
      'task/hls/clip_adaptive_360p.m3u8',
      'task/hls/clip_adaptive_360p_00001.ts',
    ]);
    expect(readFileSync(path.join(env.cwd, 'task', 'hls', 'clip_adaptive_360p_00001.ts'), 'utf8')).toBe(
      'segment',
    );
    expect(existsSync(path.join(env.cwd, 'task', 'unrelated.txt'))).toBe(false);
    expect((await mps('download', 'not-a-task')).code).toBe(2);
  });
});

describe('presign', () => {
  it("signs like AWS's documented example (GET examplebucket/test.txt, 2013-05-24, 86400 s)", async () => {
    const url = await presignUrl(
      new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      {
        region: 'us-east-1',
        credentials: {
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
      },
      86400,
      new Date('2013-05-24T00:00:00Z'),
    );
    const q = new URL(url).searchParams;
    expect(q.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Signature')).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('prints a URL that GETs the object without credentials', async () => {
    await put('share/a b+c.txt', 'shared');
    const res = await mps('presign', `s3://${BUCKET}/share/a b+c.txt`, '--expires', '120');
    expect(res.code).toBe(0);
    const url = res.stdout.trim();
    expect(url.startsWith(`${endpoints.s3}/${BUCKET}/share/a%20b%2Bc.txt?`)).toBe(true);
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('shared');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('120');
  });
});

describe('upload', () => {
  let schemaId: string;
  beforeAll(async () => {
    const created = await mps(
      '--json',
      'schema',
      'create',
      '--name',
      'watched',
      '--trigger',
      `s3://${BUCKET}/in/`,
      '--transcode',
      '100030',
    );
    schemaId = JSON.parse(created.stdout).id;
    expect((await mps('schema', 'enable', schemaId)).code).toBe(0);
  });

  /** Plays the ingest: after `appearAfter` polls the upload's task exists, then it finishes. */
  function ingestOnPoll(key: string, result: 'SUCCESS' | 'FAIL', appearAfter = 2): () => Promise<void> {
    let polls = 0;
    let task: Task | undefined;
    return async () => {
      polls++;
      if (polls === appearAfter) {
        task = makeTask({
          taskId: `t-${Date.now()}-${result.toLowerCase()}`,
          createdAt: new Date().toISOString(),
          schemaId,
          schemaName: 'watched',
          input: { bucket: BUCKET, key },
          output: { bucket: BUCKET, directory: 'in/' },
          status: 'PROCESSING',
        });
        task.subtasks[0] = { ...task.subtasks[0]!, status: 'PROCESSING', progress: 40 };
        await env.api.tasks.create(task);
      } else if (polls === appearAfter + 2 && task) {
        const done: Task = {
          ...task,
          status: 'FINISH',
          result,
          version: 2,
          subtasks: [{ ...task.subtasks[0]!, status: result, progress: 100 }],
        };
        await env.api.tasks.update(done, 1);
      }
    };
  }

  it('uploads with progress, and with --watch follows the task it started to success', async () => {
    const file = path.join(env.cwd, 'clip.mp4');
    writeFileSync(file, 'pretend video');
    const plain = await mps('upload', 'clip.mp4', `s3://${BUCKET}/plain/`);
    expect(plain).toMatchObject({ code: 0, stdout: 'uploaded s3://media/plain/clip.mp4 (13 B)\n' });

    env.onSleep = ingestOnPoll('in/clip.mp4', 'SUCCESS');
    const res = await mps('upload', 'clip.mp4', `s3://${BUCKET}/in/`, '--watch', '--interval', '0.01');
    expect(res.code).toBe(0);
    const stored = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'in/clip.mp4' }));
    expect(await stored.Body!.transformToString()).toBe('pretend video');
    const notes = res.stderr.split('\n');
    expect(notes).toContain('uploaded s3://media/in/clip.mp4 (13 B)');
    expect(notes.some((l) => /^task t-\S+ started \(schema watched\)$/.test(l))).toBe(true);
    expect(notes.some((l) => /^t-\S+ PROCESSING 40% #1 Transcode PROCESSING 40%$/.test(l))).toBe(true);
    expect(notes.some((l) => /^t-\S+ FINISH \(SUCCESS\) 100% #1 Transcode SUCCESS$/.test(l))).toBe(true);
    expect(res.stdout).toMatch(/^TASK ID\s+STATUS\s+PROGRESS/);
    expect(res.stdout).toMatch(/FINISH \(SUCCESS\)\s+100%/);
  });

  it('--watch exits 1 when a task fails, prints JSON with --json, and says when no schema matches', async () => {
    env.onSleep = ingestOnPoll('in/bad.mp4', 'FAIL');
    writeFileSync(path.join(env.cwd, 'bad.mp4'), 'x');
    const res = await mps(
      '--json',
      'upload',
      'bad.mp4',
      `s3://${BUCKET}/in/`,
      '--watch',
      '--interval',
      '0.01',
    );
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ bucket: BUCKET, key: 'in/bad.mp4', size: 1 });
    expect(out.tasks.map((t: Task) => t.result)).toEqual(['FAIL']);
    expect(JSON.parse(res.stderr.trim().split('\n').pop()!)).toEqual({
      error: {
        code: 'TaskNotSuccessful',
        message: `task ${out.tasks[0].taskId} finished with result FAIL`,
      },
    });

    const none = await mps('upload', 'bad.mp4', `s3://${BUCKET}/elsewhere/`, '--watch');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'error NoTaskStarted: no enabled schema matches s3://media/elsewhere/bad.mp4, so the upload started no task',
    );
  });

  it('--watch gives up when the task does not appear within --wait', async () => {
    env.onSleep = async () => {};
    writeFileSync(path.join(env.cwd, 'lost.mp4'), 'x');
    const res = await mps(
      'upload',
      'lost.mp4',
      `s3://${BUCKET}/in/`,
      '--watch',
      '--interval',
      '1',
      '--wait',
      '3',
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /error ResourceNotFound.Task: no task of schema watched appeared for s3:\/\/media\/in\/lost\.mp4 within 3 s/,
    );
  });
});
