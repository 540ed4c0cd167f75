/**
 * Stuck work on the real table layout (dynalite, GSI queries by status and time, paging): every subtask
 * WAITING/PROCESSING beyond the limit whose job MediaConvert does not know (or that never got one) is
 * failed with InternalError.Timeout and a reason naming the job;
 * recent and restarted work is left alone; no task is left PROCESSING; a job event racing the watchdog
 * never corrupts the task, and a late event after the timeout changes nothing.
 */
import '../support/handler-env';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores';
import type { Stores } from '../../lambdas/core/ports';
import type { Subtask, Task } from '../../lambdas/core/model';
import { applyJobEvent } from '../../lambdas/core/tasks';
import { TaskUpdater } from '../../lambdas/services/task-updates';
import { TIMEOUT_CODE, WatchdogService } from '../../lambdas/services/watchdog-service';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { makeTask } from '../support/tasks';

const LIMIT_MINUTES = 60;
const NOW = new Date('2026-03-01T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

let table: LocalTable;
let stores: Stores;

beforeAll(async () => {
  table = await startDynalite();
});
afterAll(async () => {
  await table?.stop();
});
beforeEach(async () => {
  stores = createDynamoStores(table.doc, await table.newTable());
});

const sub = (no: number, over: Partial<Subtask>): Subtask =>
  ({
    type: 'Transcode',
    item: { templateId: 100010 },
    no,
    status: 'WAITING',
    attempt: 1,
    progress: 0,
    outputs: [],
    history: [],
    ...over,
  }) as Subtask;

function processingTask(taskId: string, startedMinutesAgo: number, subtasks?: Subtask[]): Task {
  const startedAt = minutesAgo(startedMinutesAgo);
  return makeTask({
    taskId,
    createdAt: startedAt,
    startedAt,
    status: 'PROCESSING',
    subtasks: subtasks ?? [sub(1, { status: 'PROCESSING', jobId: `job-${taskId}`, startedAt, progress: 40 })],
  });
}

/** A watchdog whose MediaConvert knows none of the jobs (GetJob: NotFoundException). */
function watchdog(now: Date = NOW) {
  return new WatchdogService({
    tasks: stores.tasks,
    updater: new TaskUpdater(stores.tasks),
    jobs: { getJob: async () => undefined, cancelJob: async () => undefined },
    objects: { keys: async () => [] },
    jobEvents: { enqueue: async () => undefined },
    stuckSubtaskMinutes: LIMIT_MINUTES,
    maxJobMinutes: 24 * 60,
    now: () => now,
  });
}

async function allTasks(status: Task['status']): Promise<Task[]> {
  const out: Task[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stores.tasks.list({ status, limit: 100, ...(nextToken ? { nextToken } : {}) });
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

describe('watchdog on the DynamoDB layout', () => {
  it('fails every stuck subtask across pages with a clear reason and leaves nothing PROCESSING', async () => {
    const STUCK = 130; // more than one page of 100
    for (let i = 0; i < STUCK; i++) {
      await stores.tasks.create(processingTask(`t-stuck-${String(i).padStart(3, '0')}`, 61 + i));
    }
    await stores.tasks.create(processingTask('t-recent', 30));
    // Old task, restarted 10 minutes ago: attempt 2's clock starts at the end of attempt 1.
    await stores.tasks.create(
      processingTask('t-restarted', 300, [
        sub(1, {
          status: 'PROCESSING',
          attempt: 2,
          jobId: 'job-retry',
          startedAt: minutesAgo(10),
          history: [
            {
              attempt: 1,
              jobId: 'job-first',
              status: 'FAIL',
              startedAt: minutesAgo(300),
              finishedAt: minutesAgo(10),
            },
          ],
        }),
      ]),
    );
    // One subtask done, one stuck, one never submitted.
    await stores.tasks.create(
      processingTask('t-mixed', 200, [
        sub(1, {
          status: 'SUCCESS',
          jobId: 'job-a',
          startedAt: minutesAgo(200),
          finishedAt: minutesAgo(190),
        }),
        sub(2, { status: 'PROCESSING', jobId: 'job-b', startedAt: minutesAgo(200) }),
        sub(3, { status: 'WAITING' }),
      ]),
    );

    expect((await watchdog().run()).failed).toBe(STUCK + 2);

    const stuck = await stores.tasks.get('t-stuck-007');
    expect(stuck).toMatchObject({ status: 'FINISH', result: 'FAIL', finishedAt: NOW.toISOString() });
    expect(stuck?.subtasks[0]).toMatchObject({ status: 'FAIL', errorCode: TIMEOUT_CODE, progress: 40 });
    expect(stuck?.subtasks[0]?.errorMessage).toBe(
      'MediaConvert has no job job-t-stuck-007 (GetJob: not found); the subtask is considered lost (restart the task to retry)',
    );
    const mixed = await stores.tasks.get('t-mixed');
    expect(mixed).toMatchObject({ status: 'FINISH', result: 'PARTIAL_FAILURE' });
    expect(mixed?.subtasks.map((s) => [s.status, s.errorCode])).toEqual([
      ['SUCCESS', undefined],
      ['FAIL', TIMEOUT_CODE],
      ['FAIL', TIMEOUT_CODE],
    ]);
    expect(mixed?.subtasks[2]?.errorMessage).toMatch(/no job was started within 60 minutes/);

    // Only the recent and the restarted task are still running…
    expect((await allTasks('PROCESSING')).map((t) => t.taskId).sort()).toEqual(['t-recent', 't-restarted']);
    expect(await allTasks('WAITING')).toEqual([]);
    expect((await watchdog().run()).failed).toBe(0);
    // …and they too are failed once they pass the limit: nothing stays PROCESSING forever.
    expect((await watchdog(new Date(NOW.getTime() + 61 * 60_000)).run()).failed).toBe(2);
    expect(await allTasks('PROCESSING')).toEqual([]);
    expect(await allTasks('FINISH')).toHaveLength(STUCK + 3);
  });

  it('a COMPLETE racing the watchdog leaves one consistent outcome; a late event changes nothing', async () => {
    for (let round = 0; round < 6; round++) {
      const id = `t-race-${round}`;
      await stores.tasks.create(processingTask(id, 90));
      const updater = new TaskUpdater(stores.tasks);
      const complete = {
        jobId: `job-${id}`,
        status: 'COMPLETE' as const,
        time: minutesAgo(1),
        taskId: id,
        members: [{ no: 1, attempt: 1 }],
        progress: 100,
        outputs: [{ bucket: 'out', key: 'videos/a_transcode_100010.mp4', kind: 'video' }],
      };
      const [{ failed }] = await Promise.all([
        watchdog().run(),
        updater.update(id, (t) => applyJobEvent(t, complete).task),
      ]);
      const task = (await stores.tasks.get(id))!;
      const s = task.subtasks[0]!;
      expect(task.status).toBe('FINISH');
      if (failed === 1) {
        // The watchdog won: the COMPLETE was re-applied to the failed subtask and changed nothing.
        expect(task).toMatchObject({ result: 'FAIL', version: 2 });
        expect(s).toMatchObject({ status: 'FAIL', errorCode: TIMEOUT_CODE, outputs: [] });
      } else {
        expect(failed).toBe(0);
        expect(task).toMatchObject({ result: 'SUCCESS', version: 2 });
        expect(s).toMatchObject({ status: 'SUCCESS', progress: 100 });
        expect(s.errorCode).toBeUndefined();
      }
      // A duplicate of the event arriving later is a no-op either way.
      const again = await updater.update(id, (t) => applyJobEvent(t, complete).task);
      expect(again.changed).toBe(false);
      expect(await stores.tasks.get(id)).toEqual(task);
    }
  });
});
