import type { CreateJobCommandInput, JobSettings as SdkJobSettings } from '@aws-sdk/client-mediaconvert';
import { createHash } from 'node:crypto';
import { MpsError } from '../errors';
import type { JobMember, SourceInfo, Subtask, Task, Template } from '../model';
import { accelerationFor, hostsFrameCaptures } from './acceleration';
import { companionGroup, companionKey } from './companion';
import type { JobContext, JobSettings } from './job-context';
import { type JobPlan, planJobs } from './job-plan';
import { hasAudioOnlyOutput } from './output-kinds';
import { buildSubtaskPart, type JobPart } from './subtask-part';

/**
 * MediaConvert's ClientRequestToken for one job (≤ 64 ASCII characters), from its subtask attempts.
 * It only dedupes within about a minute; real idempotency is the task record.
 */
export function clientRequestToken(stackId: string, taskId: string, members: readonly JobMember[]): string {
  const all = members.map((m) => `${m.no}.${m.attempt}`).join(',');
  const digest = createHash('sha256').update(`${stackId}\n${taskId}\n${all}`, 'utf8').digest('hex');
  const lead = members[0]!;
  const readable = `${taskId}.${lead.no}.${lead.attempt}.${digest.slice(0, 12)}`;
  // Task ids are short ASCII; anything else falls back to a pure digest.
  return readable.length <= 64 && /^[\x21-\x7e]+$/.test(readable) ? readable : `mps-${digest.slice(0, 48)}`;
}

/** Job settings of these inputs and output groups (every job uses ZEROBASED timecodes). */
function sdkJobSettings(inputs: JobPart['inputs'], groups: JobPart['groups']): SdkJobSettings {
  return { TimecodeConfig: { Source: 'ZEROBASED' }, Inputs: inputs, OutputGroups: groups };
}

/** The subtask attempts of a plan, lead first. */
export function membersOf(plan: JobPlan): JobMember[] {
  return plan.parts.map((p) => ({ no: p.subtask.no, attempt: p.subtask.attempt }));
}

/**
 * The CreateJob request (SDK form) of one planned job: the lead's inputs, every member's output groups
 * (plus the companion group when planned), UserMetadata { mpsStackId, mpsTaskId, mpsSubtaskNo,
 * mpsAttempt (the lead), mpsSubtasks ("no.attempt,…" of every member) } for the job-state events.
 */
/**
 * Every STATUS_UPDATE event rewrites the task item (and its two index entries): once a minute is enough
 * for a progress figure, and a tenth of the writes of SECONDS_10.
 */
export const DEFAULT_STATUS_UPDATE_INTERVAL = 'SECONDS_60';

export function jobRequest(plan: JobPlan, task: Task, settings: JobSettings): CreateJobCommandInput {
  const members = membersOf(plan);
  const lead = members[0]!;
  const groups = plan.parts.flatMap((p) => p.groups);
  if (plan.companion) groups.push(companionGroup(settings.workBucket, companionKey(task.taskId, lead)));
  const jobSettings = sdkJobSettings(plan.parts[0]!.inputs, groups);
  const acceleration = accelerationFor(settings.acceleration, jobSettings);
  // "In any job that contains audio-only outputs, you can't use ... Job progress status update".
  const statusUpdates = !hasAudioOnlyOutput(groups);
  return {
    Role: settings.roleArn,
    ...(settings.queueArn ? { Queue: settings.queueArn } : {}),
    ...(acceleration ? { AccelerationSettings: { Mode: acceleration } } : {}),
    ...(statusUpdates
      ? { StatusUpdateInterval: settings.statusUpdateInterval ?? DEFAULT_STATUS_UPDATE_INTERVAL }
      : {}),
    ClientRequestToken: clientRequestToken(settings.stackId, task.taskId, members),
    UserMetadata: {
      mpsStackId: settings.stackId,
      mpsTaskId: task.taskId,
      mpsSubtaskNo: String(lead.no),
      mpsAttempt: String(lead.attempt),
      mpsSubtasks: members.map((m) => `${m.no}.${m.attempt}`).join(','),
    },
    Settings: jobSettings,
  };
}

/** The jobs that run a set of subtasks, and the subtasks whose share could not be built. */
export interface TaskJobs {
  jobs: Array<{ members: JobMember[]; request: CreateJobCommandInput }>;
  /** Subtasks that cannot run (bad template, missing source fact, offset outside the source). */
  failures: Array<{ no: number; attempt: number; error: MpsError }>;
}

/**
 * The CreateJob requests for `subtasks` of `task` submitted together (the single path of the task
 * runner, ProcessMedia, restart and explain): each subtask's share is built on its own (a failure
 * fails that subtask only), then the shares are planned into jobs (job-plan.ts). `share: false` puts
 * every subtask in a job of its own (frame captures with a companion each).
 */
export function buildTaskJobs(args: {
  task: Task;
  subtasks: readonly Subtask[];
  templates: ReadonlyMap<number, Template>;
  source: SourceInfo;
  settings: JobSettings;
  /** @default true */
  share?: boolean;
}): TaskJobs {
  const parts: JobPart[] = [];
  const failures: TaskJobs['failures'] = [];
  for (const subtask of args.subtasks) {
    try {
      parts.push(buildSubtaskPart({ ...args, subtask }));
    } catch (err) {
      if (!(err instanceof MpsError)) throw err;
      failures.push({ no: subtask.no, attempt: subtask.attempt, error: err });
    }
  }
  const plans = planJobs(parts, {
    canHost: (host) =>
      hostsFrameCaptures(args.settings.acceleration, sdkJobSettings(host.inputs, host.groups)),
    share: args.share ?? true,
  });
  return {
    jobs: plans.map((plan) => ({
      members: membersOf(plan),
      request: jobRequest(plan, args.task, args.settings),
    })),
    failures,
  };
}

/**
 * The CreateJob request of one subtask attempt run on its own (frame captures with a companion
 * output); the service plans shared jobs with {@link buildTaskJobs}, this serves tests and tools.
 * Throws ValidationError ('InvalidInput…') when it cannot be built.
 */
export function buildCreateJob(ctx: JobContext): CreateJobCommandInput {
  const part = buildSubtaskPart(ctx);
  const [plan] = planJobs([part], { canHost: () => false, share: false });
  return jobRequest(plan!, ctx.task, ctx);
}
