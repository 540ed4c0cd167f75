import {
  BadRequestException,
  CancelJobCommand,
  type CancelJobCommandOutput,
  CreateJobCommand,
  type CreateJobCommandInput,
  type CreateJobCommandOutput,
  GetJobCommand,
  type GetJobCommandOutput,
  type Job,
  NotFoundException,
} from '@aws-sdk/client-mediaconvert';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { EngineError, ERROR_UNKNOWN, JobCanceledError } from './errors';
import {
  defaultQueueArn,
  jobArn,
  type JobIdentity,
  type JobStateChangeEvent,
  type JobStatus,
  jobStateEvent,
  type OutputGroupDetail,
  transcodingProgress,
} from './events';
import { ffmpegBinaries } from './ffmpeg-binaries';
import { ffmpegEncoders, ffmpegOptions } from './ffmpeg-capabilities';
import { JobRunner } from './job-runner';
import type { ObjectIO } from './object-io';
import type { JobInspector, JobSubmitter } from '../../lambdas/core/ports';
import { validateCreateJob, type Violation } from './validation';

/** How long a ClientRequestToken dedupes CreateJob ("about a minute" for MediaConvert). */
const CLIENT_TOKEN_WINDOW_MS = 60_000;

/** Violations listed in a BadRequestException message; the rest are counted. */
const MAX_LISTED_VIOLATIONS = 20;

/** The 400 BadRequestException MediaConvert's CreateJob answers for an invalid request. */
function badRequest(violations: readonly Violation[]): BadRequestException {
  const listed = violations.slice(0, MAX_LISTED_VIOLATIONS).map((v) => `${v.path}: ${v.message}`);
  const more = violations.length > listed.length ? [`and ${violations.length - listed.length} more`] : [];
  return new BadRequestException({
    message: [...listed, ...more].join('; '),
    $metadata: { httpStatusCode: 400 },
  });
}

export interface LocalMediaConvertOptions {
  /** Where inputs are read and outputs written (S3ObjectIO in the local runtime). */
  io: ObjectIO;
  /** Scratch space; each job uses `<workDir>/<jobId>/`. */
  workDir: string;
  /** Jobs run at the same time. @default os.cpus().length */
  concurrency?: number;
  /** Receives every "MediaConvert Job State Change" event, in order. */
  onEvent?(event: JobStateChangeEvent): void;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** @default the system or bundled ffmpeg (./ffmpeg-binaries.ts) */
  ffmpegPath?: string;
  /** @default the system or bundled ffprobe (./ffmpeg-binaries.ts) */
  ffprobePath?: string;
  /** Minimum time between two STATUS_UPDATE events of a job. @default 1000 */
  statusUpdateIntervalMs?: number;
  /** Diagnostics (events that could not be delivered…). */
  log?(level: 'info' | 'warn' | 'error', message: string): void;
}

interface JobEntry {
  identity: JobIdentity;
  input: CreateJobCommandInput;
  runner?: JobRunner;
  state: 'QUEUED' | 'RUNNING' | 'DONE';
  /** What GetJob reports. */
  status: 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED';
  percent?: number;
  outputGroupDetails?: OutputGroupDetail[];
  error?: { code: number; message: string };
  createdAt: Date;
  finishedAt?: Date;
  /** Set by cancelJob: report CANCELED (shutdown cancels silently). */
  cancelRequested?: boolean;
  finished?: Promise<void>;
}

/**
 * A MediaConvert stand-in for the local runtime: takes the very same CreateJob input (SDK form),
 * answers an invalid one as MediaConvert does (400 BadRequestException naming each violation of AWS's
 * model and documented rules, no job created: see ./validation), runs a valid one with ffmpeg and emits
 * EventBridge "MediaConvert Job State Change" events: PROGRESSING → STATUS_UPDATE* → COMPLETE | ERROR |
 * CANCELED. A valid setting the engine cannot render ends the job in ERROR 1999 naming it.
 * `send` takes the SDK's CreateJobCommand, CancelJobCommand and GetJobCommand, so the runtime wraps it in
 * the same JobSubmitter adapter as the real client. Jobs are kept in memory: after a restart, GetJob
 * answers NotFoundException for the jobs of the previous run.
 */
export class LocalMediaConvert implements JobSubmitter, JobInspector {
  private readonly jobs = new Map<string, JobEntry>();
  /** ClientRequestToken → the job it created and when, for MediaConvert's idempotency window. */
  private readonly tokens = new Map<string, { jobId: string; at: number }>();
  private readonly queue: JobEntry[] = [];
  private readonly received: CreateJobCommandInput[] = [];
  private running = 0;
  private closed = false;
  private readonly concurrency: number;
  private readonly region: string;
  private readonly accountId: string;
  private readonly ffmpegPath: string;
  private readonly ffprobePath: string;

  constructor(private readonly opts: LocalMediaConvertOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? os.cpus().length);
    this.region = opts.region ?? 'us-east-1';
    this.accountId = opts.accountId ?? '000000000000';
    this.ffmpegPath = opts.ffmpegPath ?? ffmpegBinaries().ffmpeg.path;
    this.ffprobePath = opts.ffprobePath ?? ffmpegBinaries().ffprobe.path;
  }

  /** Every CreateJob input received, in order (deep copies). */
  get receivedJobs(): readonly CreateJobCommandInput[] {
    return this.received;
  }

  /** The SDK client's `send` for the calls the service makes (CreateJob, CancelJob, GetJob). */
  send(command: CreateJobCommand): Promise<CreateJobCommandOutput>;
  send(command: CancelJobCommand): Promise<CancelJobCommandOutput>;
  send(command: GetJobCommand): Promise<GetJobCommandOutput>;
  async send(
    command: CreateJobCommand | CancelJobCommand | GetJobCommand,
  ): Promise<CreateJobCommandOutput | CancelJobCommandOutput | GetJobCommandOutput> {
    const metadata = { httpStatusCode: 200 };
    if (command instanceof GetJobCommand) {
      const job = await this.getJob(command.input.Id ?? '');
      if (!job) {
        throw new NotFoundException({
          message: `job ${command.input.Id} not found`,
          $metadata: { httpStatusCode: 404 },
        });
      }
      return { Job: job, $metadata: metadata };
    }
    if (command instanceof CreateJobCommand) {
      const { jobId } = await this.createJob(command.input);
      return {
        Job: { Id: jobId, Role: command.input.Role, Settings: command.input.Settings },
        $metadata: metadata,
      } as CreateJobCommandOutput;
    }
    if (command.input.Id) await this.cancelJob(command.input.Id);
    return { $metadata: metadata };
  }

  /** CreateJob: validates like MediaConvert (BadRequestException), then queues the job. */
  async createJob(input: CreateJobCommandInput): Promise<{ jobId: string }> {
    if (this.closed) throw new Error('the local MediaConvert engine is shut down');
    const violations = validateCreateJob(input);
    if (violations.length > 0) throw badRequest(violations);
    const repeated = this.repeatedRequest(input.ClientRequestToken);
    if (repeated) return { jobId: repeated };
    const copy = structuredClone(input);
    this.received.push(copy);
    const jobId = `${Date.now()}-${randomBytes(4).toString('hex').slice(0, 6)}`;
    const entry: JobEntry = {
      identity: {
        jobId,
        region: this.region,
        accountId: this.accountId,
        queue: copy.Queue ?? defaultQueueArn(this.region, this.accountId),
        userMetadata: { ...(copy.UserMetadata ?? {}) },
      },
      input: copy,
      state: 'QUEUED',
      status: 'SUBMITTED',
      createdAt: new Date(),
    };
    this.jobs.set(jobId, entry);
    if (input.ClientRequestToken) this.tokens.set(input.ClientRequestToken, { jobId, at: Date.now() });
    this.queue.push(entry);
    setImmediate(() => this.pump());
    return { jobId };
  }

  /**
   * The job an earlier CreateJob with the same ClientRequestToken created within the idempotency window
   * (MediaConvert answers a repeated request with the job it already created instead of a second one).
   */
  private repeatedRequest(token: string | undefined): string | undefined {
    const now = Date.now();
    for (const [t, seen] of this.tokens) if (now - seen.at > CLIENT_TOKEN_WINDOW_MS) this.tokens.delete(t);
    return token ? this.tokens.get(token)?.jobId : undefined;
  }

  /** GetJob: the job as MediaConvert reports it (status, settings, progress, outputs, error); undefined if unknown. */
  async getJob(jobId: string): Promise<Job | undefined> {
    const e = this.jobs.get(jobId);
    if (!e) return undefined;
    const { identity, input } = e;
    return structuredClone({
      Id: jobId,
      Arn: jobArn(identity.region, identity.accountId, jobId),
      Role: input.Role,
      Queue: identity.queue,
      Settings: input.Settings,
      UserMetadata: { ...identity.userMetadata },
      Status: e.status,
      CreatedAt: e.createdAt,
      Timing: { SubmitTime: e.createdAt, ...(e.finishedAt ? { FinishTime: e.finishedAt } : {}) },
      ...(e.status === 'PROGRESSING' && e.percent !== undefined ? { JobPercentComplete: e.percent } : {}),
      ...(e.error ? { ErrorCode: e.error.code, ErrorMessage: e.error.message } : {}),
      ...(e.outputGroupDetails
        ? {
            OutputGroupDetails: e.outputGroupDetails.map((g) => ({
              OutputDetails: g.outputDetails.map((o) => ({
                DurationInMs: o.durationInMs,
                ...(o.videoDetails
                  ? {
                      VideoDetails: {
                        WidthInPx: o.videoDetails.widthInPx,
                        HeightInPx: o.videoDetails.heightInPx,
                      },
                    }
                  : {}),
              })),
            })),
          }
        : {}),
    } satisfies Job) as Job;
  }

  /** Cancels a queued or running job (kills its ffmpeg) and emits CANCELED; no-op for ended/unknown jobs. */
  async cancelJob(jobId: string): Promise<void> {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.state === 'DONE') return;
    entry.cancelRequested = true;
    if (entry.state === 'QUEUED') {
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.finish(entry, 'CANCELED');
      this.emit(entry, 'CANCELED');
      return;
    }
    await entry.runner?.cancel();
    await entry.finished;
  }

  /**
   * Stops accepting jobs and cancels every queued and running one as CancelJob would: each ends with a
   * CANCELED event (its subtasks become ABORTED). Returns how many jobs were canceled.
   */
  async cancelAll(): Promise<number> {
    this.closed = true;
    const open = [...this.jobs.values()].filter((e) => e.state !== 'DONE');
    await Promise.all(open.map((e) => this.cancelJob(e.identity.jobId)));
    return open.length;
  }

  /**
   * Stops accepting jobs, drops queued ones, kills running ffmpeg processes and waits for them, without
   * events: the jobs' subtasks stay as they were (a restart finds them still processing).
   */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const e of this.queue.splice(0)) e.state = 'DONE';
    const running = [...this.jobs.values()].filter((e) => e.state === 'RUNNING');
    await Promise.all(running.map(async (e) => (await e.runner?.cancel(), await e.finished)));
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      this.running++;
      entry.finished = this.run(entry).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(entry: JobEntry): Promise<void> {
    entry.state = 'RUNNING';
    entry.status = 'PROGRESSING';
    this.emit(entry, 'PROGRESSING');
    const minGap = this.opts.statusUpdateIntervalMs ?? 1000;
    let lastPercent = 0;
    let lastAt = Date.now();
    entry.runner = new JobRunner(
      entry.identity.jobId,
      entry.input,
      {
        io: this.opts.io,
        ffmpegPath: this.ffmpegPath,
        ffprobePath: this.ffprobePath,
        workDir: this.opts.workDir,
        encoders: () => ffmpegEncoders(this.ffmpegPath),
        options: () => ffmpegOptions(this.ffmpegPath),
      },
      (percent) => {
        const p = Math.floor(percent);
        const now = Date.now();
        if (p > lastPercent && p < 100 && now - lastAt >= minGap) {
          lastPercent = p;
          lastAt = now;
          entry.percent = p;
          this.emit(entry, 'STATUS_UPDATE', { jobProgress: transcodingProgress(p) });
        }
      },
    );
    try {
      const outputGroupDetails = await entry.runner.run();
      entry.outputGroupDetails = outputGroupDetails;
      this.finish(entry, 'COMPLETE');
      this.emit(entry, 'COMPLETE', { outputGroupDetails });
    } catch (e) {
      if (e instanceof JobCanceledError) {
        this.finish(entry, 'CANCELED');
        if (entry.cancelRequested) this.emit(entry, 'CANCELED');
        return;
      }
      const err =
        e instanceof EngineError
          ? e
          : new EngineError(ERROR_UNKNOWN, `Internal error: ${(e as Error).message}`);
      entry.error = { code: err.code, message: err.message };
      this.finish(entry, 'ERROR');
      this.emit(entry, 'ERROR', { errorCode: err.code, errorMessage: err.message });
    }
  }

  private finish(entry: JobEntry, status: 'COMPLETE' | 'ERROR' | 'CANCELED'): void {
    entry.state = 'DONE';
    entry.status = status;
    entry.finishedAt = new Date();
  }

  private emit(entry: JobEntry, status: JobStatus, extra: Parameters<typeof jobStateEvent>[2] = {}): void {
    if (!this.opts.onEvent) return;
    try {
      this.opts.onEvent(jobStateEvent(entry.identity, status, extra));
    } catch (e) {
      this.opts.log?.(
        'error',
        `job ${entry.identity.jobId}: the ${status} event handler failed: ${(e as Error).message}`,
      );
    }
  }
}
