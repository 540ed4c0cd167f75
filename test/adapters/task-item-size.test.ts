/**
 * A task is one DynamoDB item (at most 400 KB, in the table and in both GSIs): a 1-hour source sampled
 * every second, and the largest task a schema can describe after many restarts, both fit, and their
 * events fit in an SQS/SNS message (256 KB).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoItemSize, MAX_ITEM_BYTES } from '../../lambdas/adapters/dynamo-item-size';
import { DynamoTaskStore } from '../../lambdas/adapters/dynamo-task-store';
import { keys } from '../../lambdas/adapters/dynamo-table';
import { parseJobStateEvent } from '../../lambdas/core/mediaconvert';
import type { SubtaskOutput, Task } from '../../lambdas/core/model';
import { subtaskOutputPrefix } from '../../lambdas/core/naming/output-paths';
import { buildTaskEvent } from '../../lambdas/core/notifications';
import { ITEM_LIMITS, MAX_OUTPUT_DIRECTORY_BYTES, validateSchemaInput } from '../../lambdas/core/schemas';
import {
  applyJobEvent,
  createTask,
  failSubtask,
  markSubmitted,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_HISTORY,
  restartTask,
} from '../../lambdas/core/tasks';
import { startDynalite, type LocalTable } from '../support/dynalite';

const SQS_MAX_MESSAGE_BYTES = 256 * 1024;
const NOW = '2026-03-01T10:00:00.000Z';

let db: LocalTable;
let store: DynamoTaskStore;
let tableName: string;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  tableName = await db.newTable();
  store = new DynamoTaskStore(db.doc, tableName);
});

/** Stores the task and returns the stored item's DynamoDB size. */
async function storedSize(task: Task): Promise<number> {
  expect(await store.create(task)).toBe('created');
  const { Item } = await db.doc.send(new GetCommand({ TableName: tableName, Key: keys.task(task.taskId) }));
  expect(await store.get(task.taskId)).toEqual(task);
  return dynamoItemSize(Item!);
}

const eventBytes = (task: Task) =>
  Buffer.byteLength(JSON.stringify(buildTaskEvent(task, 'TaskFinished', NOW)));

it('stores a 1-hour source sampled every second (3,600 images) as one sequence output', async () => {
  let task = createTask({
    origin: 'api',
    input: { bucket: 'in', key: 'videos/one-hour.mp4' },
    output: { bucket: 'out', directory: 'videos/' },
    items: { sampleSnapshot: [{ templateId: 1_000_021 }] },
    idempotencyKey: 'k',
    now: NOW,
  });
  const members = [{ no: 1, attempt: 1 }];
  task = markSubmitted(task, members, 'job-1', NOW);
  const prefix = subtaskOutputPrefix(task, task.subtasks[0]!);
  const detail = {
    jobId: 'job-1',
    status: 'COMPLETE',
    userMetadata: {
      mpsStackId: 's',
      mpsTaskId: task.taskId,
      mpsSubtaskNo: '1',
      mpsAttempt: '1',
      mpsSubtasks: '1.1',
    },
    outputGroupDetails: [
      {
        type: 'FILE_GROUP',
        outputDetails: [
          {
            outputFilePaths: [`s3://out/${prefix}.0003599.jpg`],
            durationInMs: 3_600_000,
            videoDetails: { widthInPx: 1920, heightInPx: 1080 },
          },
        ],
      },
    ],
  };
  task = applyJobEvent(task, parseJobStateEvent(detail, NOW)!).task;
  expect(task.subtasks[0]).toMatchObject({ status: 'SUCCESS' });
  expect(task.subtasks[0]!.outputs).toEqual([
    {
      bucket: 'out',
      key: `${prefix}.0000000.jpg`,
      lastKey: `${prefix}.0003599.jpg`,
      count: 3600,
      kind: 'image',
      container: 'jpg',
      durationMs: 3_600_000,
      width: 1920,
      height: 1080,
    },
  ]);
  expect(await storedSize(task)).toBeLessThan(4 * 1024);
  expect(eventBytes(task)).toBeLessThan(4 * 1024);
});

it(`stores the largest task a schema can describe (${ITEM_LIMITS.itemsPerTask} items) after ${MAX_HISTORY}+ restarts`, async () => {
  // Longest names: a 512-byte output directory, a 1024-byte input key, 100-code-point base names of
  // 4-byte characters, every item at its limits.
  const directory = `${'d'.repeat(63)}/`.repeat(MAX_OUTPUT_DIRECTORY_BYTES / 64);
  const inputKey = `${'i'.repeat(619)}/${'😀'.repeat(100)}.mp4`;
  expect(Buffer.byteLength(inputKey)).toBe(1024);
  const watermarks = Array.from({ length: ITEM_LIMITS.watermarksPerItem }, (_, i) => ({
    templateId: 1_000_100 + i,
  }));
  const templateIds = Array.from({ length: ITEM_LIMITS.adaptiveTemplateIds }, (_, i) => 1_000_200 + i);
  const offsets = Array.from({ length: ITEM_LIMITS.snapshotOffsets }, (_, i) => `${i * 0.5 + 0.25}s`);
  const per = ITEM_LIMITS.itemsPerTask / 4;
  const schema = validateSchemaInput({
    name: 'maximal',
    trigger: { bucket: 'media-in', directory: 'x/' },
    output: { bucket: 'media-out', directory },
    items: {
      adaptiveStreaming: Array.from({ length: per }, () => ({ templateIds, watermarks })),
      transcode: Array.from({ length: per }, () => ({
        templateId: 1_000_300,
        watermarks,
        startTime: 0.5,
        endTime: 9.5,
      })),
      snapshotByTimeOffset: Array.from({ length: per }, () => ({
        templateId: 1_000_400,
        offsets,
        watermarks,
      })),
      sampleSnapshot: Array.from({ length: per }, () => ({ templateId: 1_000_500, watermarks })),
    },
    notification: { type: 'url', target: `https://hooks.example.com/${'p'.repeat(1900)}`, mode: 'change' },
  });
  let task = createTask({
    origin: 'schema',
    schema: { ...schema, id: 'sch-0123456789abcdef', status: 'enabled', createdAt: NOW, updatedAt: NOW },
    input: { bucket: 'media-in', key: inputKey },
    output: schema.output,
    items: schema.items,
    sessionId: 's'.repeat(128),
    sessionContext: 'c'.repeat(1000),
    idempotencyKey: `upload:${'0'.repeat(64)}`,
    now: NOW,
  });
  expect(task.subtasks).toHaveLength(ITEM_LIMITS.itemsPerTask);
  const all = task.subtasks.map((s) => ({ no: s.no, attempt: s.attempt }));
  const error = 'E'.repeat(5000);
  // Many failed attempts, each with a long MediaConvert message; only the last MAX_HISTORY are kept.
  for (let round = 0; round < MAX_HISTORY + 2; round++) {
    const members = task.subtasks.map((s) => ({ no: s.no, attempt: s.attempt }));
    task = markSubmitted(task, members, `${'j'.repeat(20)}-${round}`, NOW);
    for (const m of members) task = failSubtask(task, m.no, m.attempt, 'MediaConvert.1999', error, NOW);
    task = restartTask(task, { all: true }, NOW);
  }
  // The last attempt succeeds with the most outputs a subtask can have (adaptive: master + 10 renditions).
  const members = task.subtasks.map((s) => ({ no: s.no, attempt: s.attempt }));
  task = markSubmitted(task, members, 'j'.repeat(30), NOW);
  const outputs = new Map<number, SubtaskOutput[]>(
    task.subtasks.map((s) => {
      const prefix = subtaskOutputPrefix(task, s);
      const files =
        s.type === 'AdaptiveStreaming'
          ? ['/index.m3u8', ...templateIds.map((id) => `/index_${id}.m3u8`)]
          : ['.mp4'];
      return [
        s.no,
        files.map((f) => ({
          bucket: 'media-out',
          key: `${prefix}${f}`,
          kind: 'rendition',
          container: 'hls',
          sizeBytes: 123_456_789_012,
          width: 3840,
          height: 2160,
          durationMs: 86_399_999,
          bitrateKbps: 100_000,
          ...(s.type === 'SnapshotByTimeOffset' ? { count: 100, lastKey: `${prefix}.0000099.jpg` } : {}),
        })),
      ];
    }),
  );
  const event = {
    jobId: 'j'.repeat(30),
    status: 'COMPLETE' as const,
    time: NOW,
    taskId: task.taskId,
    members,
  };
  task = applyJobEvent(task, event, outputs).task;
  expect(all.length).toBe(ITEM_LIMITS.itemsPerTask);
  expect(task).toMatchObject({ status: 'FINISH', result: 'SUCCESS' });
  for (const s of task.subtasks) {
    expect(s.history).toHaveLength(MAX_HISTORY);
    expect(s.history[0]!.errorMessage).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
  }
  const size = await storedSize(task);
  expect(size).toBeLessThan(MAX_ITEM_BYTES);
  expect(eventBytes(task)).toBeLessThan(SQS_MAX_MESSAGE_BYTES);
});

it('counts DynamoDB item sizes as documented', () => {
  expect(dynamoItemSize({ a: 'xyz' })).toBe(1 + 3);
  expect(dynamoItemSize({ name: 'é' })).toBe(4 + 2);
  expect(dynamoItemSize({ n: 12345 })).toBe(1 + 4);
  expect(dynamoItemSize({ b: true, z: null })).toBe(1 + 1 + 1 + 1);
  expect(dynamoItemSize({ l: ['ab', 1] })).toBe(1 + 3 + (1 + 2) + (1 + 2));
  expect(dynamoItemSize({ m: { k: 'v' } })).toBe(1 + 3 + (1 + 1 + 1));
});
