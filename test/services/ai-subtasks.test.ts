/**
 * AI subtasks through the services over ports: the task runner starts them on the AI engine (never as
 * MediaConvert jobs), their job-state events complete them through the job-event service, the watchdog
 * asks the AI engine about stuck ones, abort cancels them, and the AWS adapter fails them with
 * NotAvailableOnAws while the task's other subtasks run.
 */
import { AiNotDeployedEngine } from '../../lambdas/adapters/ai-not-deployed';
import { aiJobStateEvent } from '../../lambdas/core/ai/ai-job-event';
import type { Task } from '../../lambdas/core/model';
import { createTask } from '../../lambdas/core/tasks';
import { JobEventService } from '../../lambdas/services/job-event-service';
import { createOutboxRelay } from '../../lambdas/services/notifying-updater';
import { RecoveryService } from '../../lambdas/services/recovery-service';
import { createTaskServices } from '../../lambdas/services/task-services';
import { TaskUpdater } from '../../lambdas/services/task-updates';
import { WatchdogService } from '../../lambdas/services/watchdog-service';
import { FakeMediaConvert } from '../fault/support';
import { MemoryAiEngine } from '../support/memory-ai-engine';
import { memoryStores } from '../support/memory-stores';

const NOW = '2026-03-01T10:00:00.000Z';
const JOBS = { roleArn: 'arn:aws:iam::123456789012:role/mc', stackId: 'stack', workBucket: 'work' };

async function setup(ai: MemoryAiEngine | AiNotDeployedEngine) {
  const stores = memoryStores();
  const mediaConvert = new FakeMediaConvert();
  const services = createTaskServices({
    stores,
    queue: { enqueue: async () => undefined },
    ai,
    submitter: mediaConvert,
    objects: { etag: async () => undefined },
    probe: async () => ({ durationSeconds: 10, frameRate: 25, width: 640, height: 360 }),
    jobs: JOBS,
    now: () => NOW,
  });
  const task = createTask({
    origin: 'api',
    input: { bucket: 'in', key: 'v/clip.mp4' },
    output: { bucket: 'out', directory: 'r/' },
    items: {
      transcode: [{ templateId: 100010 }],
      aiAnalysis: [{ templateId: 60 }],
      contentReview: [{ templateId: 40 }],
    },
    idempotencyKey: 'k',
    now: NOW,
  });
  await stores.tasks.create(task);
  return { stores, mediaConvert, services, task };
}

function completeEvent(task: Task, jobId: string, no: number) {
  return aiJobStateEvent(
    {
      jobId,
      status: 'COMPLETE',
      engine: 'test',
      userMetadata: { mpsStackId: 'stack', mpsTaskId: task.taskId, mpsSubtasks: `${no}.1` },
      outputs: [{ bucket: 'out', key: 'r/clip_analysis_60.json', kind: 'analysisResult', sizeBytes: 10 }],
      summary: { shots: 2 },
    },
    new Date('2026-03-01T10:01:00.000Z'),
    `e-${jobId}`,
  ) as { detail: unknown; time: string };
}

describe('AI subtasks in the services', () => {
  it('starts each AI subtask once on the AI engine and the rest as MediaConvert jobs', async () => {
    const ai = new MemoryAiEngine();
    const { services, mediaConvert, task } = await setup(ai);
    const after = await services.runner.startTask(task);
    expect(ai.started.map((r) => [r.type, r.clientToken])).toEqual([
      ['ContentReview', `${task.taskId}.2.1`],
      ['AiAnalysis', `${task.taskId}.3.1`],
    ]);
    expect(mediaConvert.jobs).toHaveLength(1);
    expect(after.subtasks.map((s) => s.jobId)).toEqual([expect.any(String), 'ai-test-1', 'ai-test-2']);
    // A redelivered start finds nothing pending.
    await services.runner.startTask(after);
    expect(ai.started).toHaveLength(2);
  });

  it('completes the subtask from its AI job event; a duplicate changes nothing', async () => {
    const ai = new MemoryAiEngine();
    const { services, stores, task } = await setup(ai);
    await services.runner.startTask(task);
    const jobEvents = new JobEventService({
      tasks: stores.tasks,
      updater: new TaskUpdater(stores.tasks),
      stackId: 'stack',
    });
    const event = completeEvent(task, 'ai-test-2', 3);
    expect(await jobEvents.handle(event)).toBe('applied');
    expect(await jobEvents.handle(event)).toBe('unchanged');
    const stored = (await stores.tasks.get(task.taskId))!;
    expect(stored.subtasks[2]).toMatchObject({ status: 'SUCCESS', summary: { shots: 2 } });
    expect(stored.subtasks[2]!.outputs).toEqual([
      { bucket: 'out', key: 'r/clip_analysis_60.json', kind: 'analysisResult', sizeBytes: 10 },
    ]);
  });

  it('on a stack deployed without AI backends fails AI subtasks with NotAvailableOnAws and still runs the transcode', async () => {
    const { services, mediaConvert, task } = await setup(new AiNotDeployedEngine());
    const after = await services.runner.startTask(task);
    expect(mediaConvert.jobs).toHaveLength(1);
    expect(after.subtasks.map((s) => [s.type, s.status, s.errorCode])).toEqual([
      ['Transcode', 'PROCESSING', undefined],
      ['ContentReview', 'FAIL', 'NotAvailableOnAws'],
      ['AiAnalysis', 'FAIL', 'NotAvailableOnAws'],
    ]);
    expect(after.subtasks[2]!.errorMessage).toMatch(/deployed without its AI backends \(mediaAi: false\)/);
  });

  it('abort cancels the AI jobs', async () => {
    const ai = new MemoryAiEngine();
    const { services, task } = await setup(ai);
    await services.runner.startTask(task);
    await services.control.abort(task.taskId);
    expect(ai.cancelled.sort()).toEqual(['ai-test-1', 'ai-test-2']);
  });

  it('the watchdog re-sends the final event of an ended AI job and fails a lost one', async () => {
    const ai = new MemoryAiEngine();
    const { services, stores, task } = await setup(ai);
    await services.runner.startTask(task);
    const final = completeEvent(task, 'ai-test-2', 3);
    ai.jobs.set('ai-test-2', {
      status: 'COMPLETE',
      createdAt: NOW,
      finalEvent: final as Record<string, unknown>,
    });
    ai.jobs.delete('ai-test-1');
    const enqueued: Record<string, unknown>[] = [];
    const watchdog = new WatchdogService({
      tasks: stores.tasks,
      updater: new TaskUpdater(stores.tasks),
      jobs: {
        getJob: async () => ({ Status: 'PROGRESSING', CreatedAt: new Date(NOW), Role: 'r', Settings: {} }),
        cancelJob: async () => undefined,
      },
      ai,
      objects: { keys: async () => [] },
      jobEvents: { enqueue: async (e) => void enqueued.push(e) },
      stuckSubtaskMinutes: 10,
      maxJobMinutes: 1440,
      now: () => new Date('2026-03-01T11:00:00.000Z'),
    });
    const result = await watchdog.run();
    expect(result).toEqual({ failed: 1, recovered: 1, running: 1 });
    expect(enqueued).toEqual([final]);
    const stored = (await stores.tasks.get(task.taskId))!;
    expect(stored.subtasks[1]).toMatchObject({ status: 'FAIL', errorCode: 'InternalError.Timeout' });
    expect(stored.subtasks[1]!.errorMessage).toMatch(/the AI engine has no job ai-test-1/);
  });

  it('the start-up recovery re-submits AI jobs the engine no longer knows, and leaves known ones', async () => {
    const ai = new MemoryAiEngine();
    const { services, stores, task } = await setup(ai);
    await services.runner.startTask(task);
    ai.jobs.delete('ai-test-1'); // died with the process
    const recovery = new RecoveryService({
      tasks: stores.tasks,
      updater: services.updater,
      runner: services.runner,
      ingest: services.ingest,
      schemaCache: services.schemaCache,
      objects: { objects: async () => [] },
      jobs: { getJob: async (id) => ({ Id: id, Status: 'PROGRESSING', Role: 'r', Settings: {} }) },
      ai,
      outbox: createOutboxRelay(stores.tasks, { queue: { enqueue: async () => undefined } }),
      triggerBuckets: [],
    });
    const result = await recovery.recover({ before: new Date('2026-03-01T10:05:00.000Z') });
    expect(result).toMatchObject({ resubmitted: 1 });
    const stored = (await stores.tasks.get(task.taskId))!;
    expect(stored.subtasks[1]).toMatchObject({ attempt: 2, jobId: 'ai-test-3', status: 'PROCESSING' });
    expect(stored.subtasks[1]!.history[0]).toMatchObject({ errorCode: 'InternalError.Interrupted' });
    expect(stored.subtasks[2]).toMatchObject({ attempt: 1, jobId: 'ai-test-2' });
    expect(ai.started.map((r) => r.clientToken)).toEqual([
      `${task.taskId}.2.1`,
      `${task.taskId}.3.1`,
      `${task.taskId}.2.2`,
    ]);
  });
});
