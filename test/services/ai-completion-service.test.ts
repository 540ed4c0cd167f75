/**
 * AiCompletionService: a Rekognition or Transcribe completion → the subtask's final event once every
 * part has ended; stale, duplicate and foreign completions change nothing; a completion that arrives
 * before its subtask's job is recorded is retried rather than dropped (Rekognition would not report it
 * again for a restarted start with the same token).
 */
import type { AiJobState } from '../../lambdas/core/ports';
import type { Subtask, Task } from '../../lambdas/core/model';
import { AiCompletionService } from '../../lambdas/services/ai-completion-service';
import { MemoryTaskStore } from '../support/memory-stores';
import { makeTask } from '../support/tasks';

const STACK = 'MpsStack';
const TASK = 't-20260301T100000Z-0123456789abcdef';

function subtask(over: Partial<Subtask>): Subtask {
  return {
    type: 'AiRecognition',
    item: { templateId: 52 },
    no: 2,
    status: 'PROCESSING',
    attempt: 1,
    progress: 0,
    outputs: [],
    history: [],
    jobId: 'ai-aws-abc',
    ...over,
  } as Subtask;
}

const notification = (token: string, status = 'SUCCEEDED') => ({
  JobId: 'a'.repeat(64),
  Status: status,
  API: 'StartTextDetection',
  JobTag: token,
  Timestamp: 1_772_359_300_000,
  Video: { S3ObjectName: 'in/a.mp4', S3Bucket: 'in' },
});

async function setup(sub: Subtask | undefined, state?: AiJobState) {
  const tasks = new MemoryTaskStore();
  if (sub) {
    await tasks.create(
      makeTask({
        taskId: TASK,
        createdAt: '2026-03-01T10:00:00.000Z',
        status: 'PROCESSING',
        subtasks: [sub],
      } as Partial<Task> & {
        taskId: string;
        createdAt: string;
      }),
    );
  }
  const asked: string[] = [];
  const handled: unknown[] = [];
  const service = new AiCompletionService({
    tasks,
    ai: {
      describe: async (jobId) => {
        asked.push(jobId);
        return state;
      },
    },
    jobEvents: {
      handle: async (event) => {
        handled.push(event);
        return 'applied';
      },
    },
    stackId: STACK,
  });
  return { service, asked, handled };
}

describe('AiCompletionService', () => {
  const finalEvent = { source: 'mps.ai', detail: { jobId: 'ai-aws-abc', status: 'COMPLETE' } };

  it('applies the final event once the engine says every part has ended', async () => {
    const { service, asked, handled } = await setup(subtask({}), {
      status: 'COMPLETE',
      createdAt: '2026-03-01T10:00:00Z',
      finalEvent,
    });
    expect(await service.handle(notification(`${TASK}.2.1`))).toBe('applied');
    expect(asked).toEqual(['ai-aws-abc']);
    expect(handled).toEqual([finalEvent]);
  });

  it('waits while another part runs', async () => {
    const { service, handled } = await setup(subtask({}), {
      status: 'RUNNING',
      createdAt: '2026-03-01T10:00:00Z',
    });
    expect(await service.handle(notification(`${TASK}.2.1`))).toBe('waiting');
    expect(handled).toEqual([]);
  });

  it('ignores completions of another attempt, of an ended subtask, of an unknown task or of no token of ours', async () => {
    const other = await setup(subtask({ attempt: 2 }));
    expect(await other.service.handle(notification(`${TASK}.2.1`))).toBe('stale');
    const ended = await setup(subtask({ status: 'SUCCESS' }));
    expect(await ended.service.handle(notification(`${TASK}.2.1`))).toBe('stale');
    const missing = await setup(undefined);
    expect(await missing.service.handle(notification(`${TASK}.2.1`))).toBe('unknown-task');
    expect(await missing.service.handle(notification('not-a-token'))).toBe('ignored');
    expect(await missing.service.handle({ source: 'aws.mediaconvert', detail: {} })).toBe('ignored');
    for (const s of [other, ended, missing]) expect(s.asked).toEqual([]);
  });

  it('throws (the message is retried) when the part ended before the subtask recorded its job', async () => {
    const { service, asked } = await setup(subtask({ jobId: undefined }));
    await expect(service.handle(notification(`${TASK}.2.1`))).rejects.toThrow(/no job recorded yet/);
    expect(asked).toEqual([]);
  });
});
