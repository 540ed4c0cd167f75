/**
 * The local AI engine (the MediaAiEngine port, lambdas/core/ports.ts): runs ContentReview, AiRecognition
 * and AiAnalysis jobs offline on this machine, one at a time, and reports them like an AWS backend would:
 * "MPS AI Job State Change" events (lambdas/core/ai/ai-job-event.ts) sent to the job-events queue.
 *
 * | item | capability | local engine |
 * | --- | --- | --- |
 * | aiAnalysis | shots, black segments, cover | ffmpeg filters (./video-analysis.ts) |
 * | aiAnalysis | labels | none: reported as `NotAvailableLocally` in the result |
 * | aiRecognition | text in frames (OCR) | tesseract.js + @tesseract.js-data/eng (./ocr.ts) |
 * | aiRecognition | speech to text | none: `NotAvailableLocally` |
 * | contentReview | unsafe content | nsfwjs MobileNetV2 on TensorFlow.js CPU (./moderation.ts) |
 *
 * A job whose template asks only for what has no local engine fails with `NotAvailableLocally`; parts
 * without an engine beside parts with one are marked `NotAvailableLocally` in the result and summary.
 * Jobs die with the process (the start-up recovery re-submits them: describe() no longer knows them).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AI_ERROR_CODES, AI_JOB_ID_PREFIX, AI_RESULT_KIND } from '../../lambdas/core/ai/ai-kinds';
import { aiJobStateEvent, type AiJobStateDetail } from '../../lambdas/core/ai/ai-job-event';
import type { AiJobRequest } from '../../lambdas/core/ai/ai-request';
import { coverSpan } from '../../lambdas/core/ai/cover-span';
import type { AiSummary, SubtaskOutput } from '../../lambdas/core/model';
import { aiCoverKey, aiResultKey } from '../../lambdas/core/naming/output-paths';
import type { AiJobState, MediaAiEngine } from '../../lambdas/core/ports';
import { ffmpegBinaries } from '../engine/ffmpeg-binaries';
import type { ObjectIO } from '../engine/object-io';
import { probeMedia } from '../engine/probe';
import { sampleFrames, samplingInterval } from './frames';
import { reviewSummary, verdictOf } from '../../lambdas/core/ai/verdict';
import { classifyFrames, isUnsafeClass, MODEL_INPUT_SIZE } from './moderation';
import { recognizeFrames, textSegments } from './ocr';
import { detectCutsAndBlack, shotsFrom, writeCover } from './video-analysis';

/** A failure with a subtask error code (AI_ERROR_CODES). */
class AiJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

class Cancelled extends Error {}

export interface LocalAiEngineOptions {
  io: ObjectIO;
  /** Scratch space; each job uses `<workDir>/<jobId>/`. */
  workDir: string;
  /** Receives each job-state event (the local runtime puts it on the job-events queue). */
  onEvent(event: Record<string, unknown>): Promise<void> | void;
  /** @default the system or bundled ffmpeg/ffprobe (local/engine/ffmpeg-binaries.ts) */
  ffmpegPath?: string;
  ffprobePath?: string;
  log?(level: 'info' | 'warn' | 'error', message: string): void;
}

interface Job {
  request: AiJobRequest;
  state: AiJobState;
  cancelled: boolean;
}

/** What one finished job wrote and found. */
interface JobResult {
  outputs: SubtaskOutput[];
  summary: AiSummary;
}

const ENGINE = 'local';

export class LocalAiEngine implements MediaAiEngine {
  private readonly jobs = new Map<string, Job>();
  private readonly byToken = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: LocalAiEngineOptions) {}

  start(request: AiJobRequest): Promise<{ jobId: string }> {
    const known = this.byToken.get(request.clientToken);
    if (known) return Promise.resolve({ jobId: known });
    const jobId = `${AI_JOB_ID_PREFIX}local-${Date.now()}-${randomBytes(4).toString('hex')}`;
    const job: Job = {
      request,
      state: { status: 'RUNNING', createdAt: new Date().toISOString() },
      cancelled: false,
    };
    this.jobs.set(jobId, job);
    this.byToken.set(request.clientToken, jobId);
    this.queue = this.queue.then(() => this.run(jobId, job));
    return Promise.resolve({ jobId });
  }

  async cancel(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job || job.state.status !== 'RUNNING' || job.cancelled) return;
    job.cancelled = true;
    await this.finish(jobId, job, { status: 'CANCELED' });
  }

  describe(jobId: string): Promise<AiJobState | undefined> {
    const job = this.jobs.get(jobId);
    return Promise.resolve(job ? { ...job.state } : undefined);
  }

  /** Cancels every running job with CANCELED events; returns how many. */
  async cancelAll(): Promise<number> {
    const running = [...this.jobs].filter(([, j]) => j.state.status === 'RUNNING' && !j.cancelled);
    for (const [id] of running) await this.cancel(id);
    return running.length;
  }

  /** Stops: running jobs end without events (like a crash, for the recovery to re-submit). */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) job.cancelled = true;
    await this.queue;
  }

  private async run(jobId: string, job: Job): Promise<void> {
    if (job.cancelled || this.stopped) return;
    const dir = path.join(this.opts.workDir, jobId);
    try {
      await this.emit(jobId, job, { status: 'PROGRESSING' });
      await mkdir(dir, { recursive: true });
      const result = await this.execute(job, dir);
      if (job.cancelled) return;
      await this.finish(jobId, job, { status: 'COMPLETE', outputs: result.outputs, summary: result.summary });
    } catch (err) {
      if (job.cancelled || err instanceof Cancelled || this.stopped) return;
      const code = err instanceof AiJobError ? err.code : AI_ERROR_CODES.engineError;
      const message = err instanceof Error ? err.message : String(err);
      this.opts.log?.('warn', `AI job ${jobId} (${job.request.type}) failed: ${code}: ${message}`);
      await this.finish(jobId, job, {
        status: 'ERROR',
        errorCode: code,
        errorMessage: message.slice(0, 1000),
      });
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async finish(
    jobId: string,
    job: Job,
    detail: Omit<AiJobStateDetail, 'jobId' | 'engine' | 'userMetadata'> & {
      status: 'COMPLETE' | 'ERROR' | 'CANCELED';
    },
  ): Promise<void> {
    const event = this.event(jobId, job, detail);
    job.state = {
      ...job.state,
      status: detail.status === 'COMPLETE' ? 'COMPLETE' : detail.status,
      finalEvent: event,
    };
    await this.send(event);
  }

  private async emit(jobId: string, job: Job, detail: { status: 'PROGRESSING' }): Promise<void> {
    await this.send(this.event(jobId, job, detail));
  }

  private event(
    jobId: string,
    job: Job,
    detail: Omit<AiJobStateDetail, 'jobId' | 'engine' | 'userMetadata'>,
  ): Record<string, unknown> {
    return aiJobStateEvent(
      { jobId, engine: ENGINE, userMetadata: { ...job.request.userMetadata }, ...detail },
      new Date(),
      randomUUID(),
    );
  }

  private async send(event: Record<string, unknown>): Promise<void> {
    try {
      await this.opts.onEvent(event);
    } catch (err) {
      // The watchdog re-sends a final event from describe() when this one is lost.
      this.opts.log?.(
        'error',
        `AI job event could not be sent: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private binaries(): { ffmpeg: string; ffprobe: string } {
    if (this.opts.ffmpegPath && this.opts.ffprobePath) {
      return { ffmpeg: this.opts.ffmpegPath, ffprobe: this.opts.ffprobePath };
    }
    const b = ffmpegBinaries();
    return {
      ffmpeg: this.opts.ffmpegPath ?? b.ffmpeg.path,
      ffprobe: this.opts.ffprobePath ?? b.ffprobe.path,
    };
  }

  private async execute(job: Job, dir: string): Promise<JobResult> {
    const { request } = job;
    const settings = request.settings;
    if (settings.type === 'aiRecognition' && !settings.ocr) {
      throw new AiJobError(
        AI_ERROR_CODES.notAvailableLocally,
        'speech to text has no offline engine in the local runtime (use a recognition template with ocr, e.g. preset 50; speech runs on Amazon Transcribe in AWS)',
      );
    }
    if (settings.type === 'aiAnalysis' && !settings.shots && !settings.blackFrames && !settings.cover) {
      throw new AiJobError(
        AI_ERROR_CODES.notAvailableLocally,
        'labels have no offline engine in the local runtime (shots, black segments and the cover do)',
      );
    }
    const input = path.join(dir, `input${path.extname(request.input.key) || '.mp4'}`);
    await this.opts.io
      .getObjectToFile(request.input.bucket, request.input.key, input)
      .catch((err: unknown) => {
        throw new AiJobError(
          'SourceFileError',
          `could not read s3://${request.input.bucket}/${request.input.key}: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    const tools = this.binaries();
    const media = await probeMedia(tools.ffprobe, input).catch((err: unknown) => {
      throw new AiJobError(
        'SourceFileError.NoVideoMedia',
        `the source is not a readable video: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    const duration = Math.round(media.durationSeconds * 1000) / 1000;
    const cancelled = () => job.cancelled || this.stopped;
    const check = () => {
      if (cancelled()) throw new Cancelled();
    };
    const outputs: SubtaskOutput[] = [];
    let result: Record<string, unknown>;
    let summary: AiSummary;

    if (settings.type === 'aiAnalysis') {
      const found = await detectCutsAndBlack(tools.ffmpeg, input);
      check();
      const shots = shotsFrom(found.cuts, duration);
      summary = {};
      result = { durationSeconds: duration };
      if (settings.shots) {
        result.shots = shots;
        summary.shots = shots.length;
      }
      if (settings.blackFrames) {
        result.blackSegments = found.black;
        summary.blackSegments = found.black.length;
      }
      if (settings.labels) {
        result.labels = { available: false, code: AI_ERROR_CODES.notAvailableLocally };
        summary.labels = AI_ERROR_CODES.notAvailableLocally;
      }
      if (settings.cover) {
        const span = coverSpan(duration, found.black, shots);
        if (span) {
          const file = path.join(dir, 'cover.jpg');
          await writeCover(tools.ffmpeg, input, span, file);
          const cover = await probeMedia(tools.ffprobe, file).catch(() => undefined);
          const key = aiCoverKey(request.output.prefix);
          outputs.push(await this.put(request.output.bucket, key, file, 'image/jpeg', 'cover', cover));
          result.cover = { key, fromShot: span };
          summary.cover = true;
        } else {
          result.cover = { key: null, reason: 'the whole video is black' };
          summary.cover = false;
        }
      }
    } else if (settings.type === 'aiRecognition') {
      const interval = samplingInterval(settings.sampleIntervalSeconds, duration);
      const frames = await sampleFrames(tools.ffmpeg, input, dir, interval, { ext: 'png' });
      check();
      const recognized = await recognizeFrames(frames, cancelled);
      check();
      const segments = textSegments(recognized, duration);
      result = {
        durationSeconds: duration,
        language: settings.language,
        ocr: { engine: 'tesseract.js (eng)', sampleIntervalSeconds: interval, segments },
        ...(settings.speech
          ? { speech: { available: false, code: AI_ERROR_CODES.notAvailableLocally } }
          : {}),
      };
      summary = {
        textSegments: segments.length,
        ...(settings.speech ? { speech: AI_ERROR_CODES.notAvailableLocally } : {}),
      };
    } else {
      const interval = samplingInterval(settings.sampleIntervalSeconds, duration);
      const frames = await sampleFrames(tools.ffmpeg, input, dir, interval, {
        ext: 'rgb',
        filter: `scale=${MODEL_INPUT_SIZE}:${MODEL_INPUT_SIZE}`,
      });
      check();
      const labels = await classifyFrames(
        frames.map((f) => f.file),
        cancelled,
      );
      check();
      const segments = frames.map((f, i) => ({
        start: f.time,
        end: i + 1 < frames.length ? frames[i + 1]!.time : duration,
        labels: labels[i] ?? [],
      }));
      const decided = verdictOf(segments, settings, isUnsafeClass);
      result = {
        durationSeconds: duration,
        verdict: decided.verdict,
        reviewThreshold: settings.reviewThreshold,
        blockThreshold: settings.blockThreshold,
        model: 'nsfwjs MobileNetV2',
        sampleIntervalSeconds: interval,
        ...(decided.maxUnsafe ? { maxUnsafe: decided.maxUnsafe } : {}),
        segments,
      };
      summary = reviewSummary(decided, segments.length);
    }
    check();
    const json = path.join(dir, 'result.json');
    await writeFile(json, JSON.stringify({ type: request.type, engine: ENGINE, ...result }, null, 2));
    outputs.unshift(
      await this.put(
        request.output.bucket,
        aiResultKey(request.output.prefix),
        json,
        'application/json',
        AI_RESULT_KIND[request.type],
      ),
    );
    return { outputs, summary };
  }

  private async put(
    bucket: string,
    key: string,
    file: string,
    contentType: string,
    kind: string,
    image?: { width: number; height: number },
  ): Promise<SubtaskOutput> {
    await this.opts.io.putFile(bucket, key, file, contentType);
    const { size } = await stat(file);
    return {
      bucket,
      key,
      kind,
      sizeBytes: size,
      container: key.slice(key.lastIndexOf('.') + 1),
      ...(image ? { width: image.width, height: image.height } : {}),
    };
  }
}
