/**
 * Completions of the AWS AI backends (a Rekognition Video notification, a Transcribe job-state event)
 * → the "MPS AI Job State Change" of their subtask, applied like any job event. One subtask may wait on
 * several backend jobs: each completion asks the AI engine about the whole subtask (describe), which
 * answers a final event only once every part has ended; until then the completion changes nothing.
 */
import { isAiJobId } from '../core/ai/ai-kinds';
import { parseAiJobToken } from '../core/ai/aws/aws-ai-job';
import { parseBackendCompletion } from '../core/ai/aws/backend-events';
import type { Log, MediaAiEngine, TaskStore } from '../core/ports';
import { isTerminal } from '../core/tasks';
import type { JobEventOutcome, JobEventService } from './job-event-service';
import { SILENT_LOG } from './log';

export interface AiCompletionServiceDeps {
  tasks: TaskStore;
  ai: Pick<MediaAiEngine, 'describe'>;
  jobEvents: Pick<JobEventService, 'handle'>;
  stackId: string;
  log?: Log;
}

/** What one backend message did. */
export type AiCompletionOutcome = JobEventOutcome | 'waiting' | 'stale';

export class AiCompletionService {
  private readonly log: Log;

  constructor(private readonly deps: AiCompletionServiceDeps) {
    this.log = deps.log ?? SILENT_LOG;
  }

  async handle(body: unknown): Promise<AiCompletionOutcome> {
    const completion = parseBackendCompletion(body, this.deps.stackId);
    const token = completion && parseAiJobToken(completion.token);
    if (!completion || !token) return 'ignored';
    const ctx = {
      taskId: token.taskId,
      subtask: `${token.no}.${token.attempt}`,
      backend: completion.backend,
    };
    const task = await this.deps.tasks.get(token.taskId);
    if (!task) {
      this.log.warn('AI backend completion for an unknown task ignored', ctx);
      return 'unknown-task';
    }
    const subtask = task.subtasks.find((s) => s.no === token.no);
    // Another attempt's job, or a subtask that already ended (a duplicate, or the other part's
    // completion finished it): nothing to do.
    if (!subtask || subtask.attempt !== token.attempt || isTerminal(subtask.status)) return 'stale';
    if (!subtask.jobId || !isAiJobId(subtask.jobId)) {
      // A part ended before its start was recorded (a start that failed half-way is being retried; a
      // retried start gets the same job back and Rekognition does not report it again): try later.
      throw new Error(
        `AI subtask ${ctx.subtask} of task ${token.taskId} has no job recorded yet; the ${completion.backend} completion is retried`,
      );
    }
    const state = await this.deps.ai.describe(subtask.jobId);
    if (!state?.finalEvent) {
      this.log.info('AI backend job ended; the subtask waits for its other parts', {
        ...ctx,
        status: state?.status ?? 'unknown',
      });
      return 'waiting';
    }
    return this.deps.jobEvents.handle(state.finalEvent as { detail?: unknown; time?: string });
  }
}
