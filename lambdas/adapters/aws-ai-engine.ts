/**
 * The AI engine in AWS (the MediaAiEngine port): ContentReview, AiRecognition and AiAnalysis subtasks
 * run as Amazon Rekognition Video and Amazon Transcribe jobs (core/ai/aws/backend-requests.ts). Their
 * completions arrive on the job-events queue (Rekognition's SNS topic, Transcribe's EventBridge rule);
 * describe() then reads every part with the Get* APIs (paginated), writes the result JSON and subtitles
 * next to the other outputs, and answers the "MPS AI Job State Change" event the job-event service
 * applies. The watchdog calls describe() too, so a lost completion is recovered the same way.
 *
 * The cover of an AI analysis is one more step once every Rekognition part has succeeded: describe()
 * picks the middle of the longest non-black shot segment detection found and runs a small MediaConvert
 * frame capture there (core/ai/aws/cover-job.ts); a marker in the work bucket (`ai/covers/{token}/
 * job.json`) remembers the job, whose completion (a MediaConvert job-state event with
 * userMetadata.mpsAiCover) leads back here; its frame is then copied next to the other outputs.
 */
import {
  GetContentModerationCommand,
  GetLabelDetectionCommand,
  GetSegmentDetectionCommand,
  GetTextDetectionCommand,
  StartContentModerationCommand,
  StartLabelDetectionCommand,
  StartSegmentDetectionCommand,
  StartTextDetectionCommand,
  type GetContentModerationResponse,
  type GetLabelDetectionResponse,
  type GetSegmentDetectionResponse,
  type GetTextDetectionResponse,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import type { CreateJobCommandInput, Job } from '@aws-sdk/client-mediaconvert';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  type TranscribeClient,
  type TranscriptionJob,
} from '@aws-sdk/client-transcribe';
import { createHash } from 'node:crypto';
import { aiJobStateEvent, type AiJobStateDetail } from '../core/ai/ai-job-event';
import { AI_ERROR_CODES, AI_RESULT_KIND } from '../core/ai/ai-kinds';
import type { AiJobRequest } from '../core/ai/ai-request';
import {
  awsAiJobId,
  parseAiJobToken,
  parseAwsAiJobId,
  type AiJobToken,
  type AwsAiJob,
  type AwsAiPart,
  type RekognitionPart,
} from '../core/ai/aws/aws-ai-job';
import { backendRequests, transcriptKey, type AwsAiSettings } from '../core/ai/aws/backend-requests';
import {
  durationOf,
  labelResult,
  moderationResult,
  segmentResult,
  speechResult,
  textResult,
} from '../core/ai/aws/backend-results';
import { coverJobRequest, coverKeys } from '../core/ai/aws/cover-job';
import { coverSpan, type TimeSpan } from '../core/ai/cover-span';
import { reviewSummary } from '../core/ai/verdict';
import { MpsError } from '../core/errors';
import type { JobSettings } from '../core/mediaconvert/job-context';
import type { AiSummary, SubtaskOutput } from '../core/model';
import { aiCoverKey, aiResultKey, aiSubtitleKeys } from '../core/naming/output-paths';
import type { AiJobState, MediaAiEngine } from '../core/ports';

export interface AwsAiEngineDeps {
  rekognition: RekognitionClient;
  transcribe: TranscribeClient;
  s3: S3Client;
  settings: AwsAiSettings;
  /**
   * Where the subtask attempt a token names writes its outputs, and its task's source (what a cover job
   * reads); undefined: no such task.
   */
  outputOf(token: AiJobToken): Promise<AiOutputPlace | undefined>;
  /**
   * MediaConvert, for the cover of an AI analysis (a frame capture); with `jobs`. Without them the cover
   * is reported NotAvailableOnAws.
   */
  mediaConvert?: {
    createJob(input: CreateJobCommandInput): Promise<{ jobId: string }>;
    getJob(jobId: string): Promise<Job | undefined>;
  };
  /** How MediaConvert jobs are submitted (role, queue, acceleration, work bucket). */
  jobs?: JobSettings;
  now?: () => Date;
}

/** Where an AI subtask attempt writes, and what it analyses. */
export interface AiOutputPlace {
  bucket: string;
  prefix: string;
  /** The task's source video. */
  input: { bucket: string; key: string };
}

/** The cover section of an analysis result, its summary flag and (when one was written) its output. */
interface CoverOutcome {
  result: Record<string, unknown>;
  summary: boolean | string;
  output?: SubtaskOutput;
}

const ENGINE = 'aws';
const round3 = (n: number) => Math.round(n * 1000) / 1000;
/** Largest page the Get* APIs return. */
const PAGE_SIZE = 1000;

/** Errors of a start that no retry can fix: the subtask fails with this code. */
const START_ERRORS: Readonly<Record<string, string>> = {
  InvalidS3ObjectException: 'SourceFileError',
  VideoTooLargeException: 'SourceFileError',
  InvalidParameterException: AI_ERROR_CODES.engineError,
  IdempotentParameterMismatchException: AI_ERROR_CODES.engineError,
  BadRequestException: AI_ERROR_CODES.engineError,
};

/** Where the part's state is: still running, done, failed (with why), or unknown to the backend. */
type PartState = { status: 'RUNNING' | 'SUCCEEDED' | 'UNKNOWN' } | { status: 'FAILED'; message: string };

export class AwsAiEngine implements MediaAiEngine {
  private readonly now: () => Date;

  constructor(private readonly deps: AwsAiEngineDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(request: AiJobRequest): Promise<{ jobId: string }> {
    const s = request.settings;
    const requests = backendRequests(request, this.deps.settings);
    if (requests.length === 0) {
      throw new MpsError(AI_ERROR_CODES.notAvailableOnAws, 'nothing this AI item asks for runs on AWS');
    }
    const parts: Partial<Record<AwsAiPart, string>> = {};
    for (const r of requests) {
      try {
        parts[r.part] = await this.startPart(r);
      } catch (err) {
        const code = startErrorCode(r.part, err as Error);
        if (!code) throw err; // throttling, limits, outages: the task runner retries with backoff
        throw new MpsError(code, `${r.api} refused the job: ${(err as Error).message}`);
      }
    }
    const job: AwsAiJob = {
      token: request.clientToken,
      at: Math.floor(this.now().getTime() / 1000),
      parts,
      ...(s.type === 'contentReview'
        ? { review: { reviewThreshold: s.reviewThreshold, blockThreshold: s.blockThreshold } }
        : {}),
      ...(s.type === 'aiAnalysis'
        ? { analysis: { shots: s.shots, blackFrames: s.blackFrames, cover: s.cover } }
        : {}),
    };
    return { jobId: awsAiJobId(job) };
  }

  /**
   * Rekognition Video jobs cannot be cancelled, and a Transcribe job that another attempt may share is
   * left alone: once the subtask is no longer PROCESSING their completions change nothing.
   */
  cancel(): Promise<void> {
    return Promise.resolve();
  }

  async describe(jobId: string): Promise<AiJobState | undefined> {
    const job = parseAwsAiJobId(jobId);
    const token = job && parseAiJobToken(job.token);
    if (!job || !token) return undefined;
    const createdAt = new Date(job.at * 1000).toISOString();
    const states = await Promise.all(
      (Object.entries(job.parts) as Array<[AwsAiPart, string]>).map(
        async ([part, id]) => [part, await this.partState(part, id)] as const,
      ),
    );
    if (states.some(([, s]) => s.status === 'UNKNOWN')) return undefined;
    const failed = states.find(([, s]) => s.status === 'FAILED');
    if (failed) {
      const why = failed[1].status === 'FAILED' ? failed[1].message : '';
      return this.ended(jobId, token, createdAt, {
        status: 'ERROR',
        errorCode: AI_ERROR_CODES.engineError,
        errorMessage: `${failed[0]} job ${job.parts[failed[0]]} failed: ${why}`.slice(0, 1000),
      });
    }
    if (states.some(([, s]) => s.status === 'RUNNING')) return { status: 'RUNNING', createdAt };
    const where = await this.deps.outputOf(token);
    if (!where) return undefined;
    let segments: GetSegmentDetectionResponse[] | undefined;
    let cover: CoverOutcome | undefined;
    if (job.analysis?.cover && job.parts.segments && this.deps.mediaConvert && this.deps.jobs) {
      segments = await this.pages<GetSegmentDetectionResponse>('segments', job.parts.segments);
      const step = await this.cover(job, segments, where);
      if (step === 'RUNNING') return { status: 'RUNNING', createdAt };
      cover = step;
    }
    const { outputs, summary } = await this.finish(job, where, { segments, cover });
    return this.ended(jobId, token, createdAt, { status: 'COMPLETE', outputs, summary });
  }

  /**
   * The cover step of a finished segment detection: no non-black span → no cover; else the cover job
   * is created (once: the marker and MediaConvert's ClientRequestToken), waited for (RUNNING) and, once
   * it ended, its frame copied to `{prefix}.jpg` or its error reported.
   */
  private async cover(
    job: AwsAiJob,
    pages: readonly GetSegmentDetectionResponse[],
    where: AiOutputPlace,
  ): Promise<CoverOutcome | 'RUNNING'> {
    const mediaConvert = this.deps.mediaConvert!;
    const settings = this.deps.jobs!;
    const segments = pages.flatMap((p) => p.Segments ?? []);
    const span = (s: (typeof segments)[number]): TimeSpan => ({
      start: (s.StartTimestampMillis ?? 0) / 1000,
      end: (s.EndTimestampMillis ?? 0) / 1000,
    });
    const shots = segments.filter((s) => s.Type === 'SHOT').map(span);
    const black = segments
      .filter((s) => s.Type === 'TECHNICAL_CUE' && s.TechnicalCueSegment?.Type === 'BlackFrames')
      .map(span);
    const meta = pages.flatMap((p) => p.VideoMetadata ?? []);
    const duration =
      durationOf(pages) ?? Math.max(0, ...segments.map((s) => (s.EndTimestampMillis ?? 0) / 1000));
    const frameRate = meta.find((m) => m.FrameRate !== undefined && m.FrameRate > 0)?.FrameRate;
    const from = duration > 0 ? coverSpan(duration, black, shots) : undefined;
    if (!from) return { result: { key: null, reason: 'the whole video is black' }, summary: false };

    const keys = coverKeys(job.token);
    const work = settings.workBucket;
    const marker = await this.readOptional(work, keys.marker);
    const jobId = marker ? (JSON.parse(marker) as { jobId?: string }).jobId : undefined;
    const found = jobId ? await mediaConvert.getJob(jobId) : undefined;
    if (!found) {
      let created: { jobId: string };
      try {
        created = await mediaConvert.createJob(
          coverJobRequest({
            input: where.input,
            atSeconds: (from.start + from.end) / 2,
            durationSeconds: duration,
            ...(frameRate ? { frameRate } : {}),
            token: job.token,
            settings,
          }),
        );
      } catch (err) {
        // MediaConvert refused the job (MediaConvert.BadRequest): no retry helps; the rest of the
        // analysis still completes. Throttling and outages propagate (the completion is retried).
        if (!(err instanceof MpsError)) throw err;
        return { result: { key: null, code: err.code, message: err.message }, summary: false };
      }
      await this.deps.s3.send(
        new PutObjectCommand({
          Bucket: work,
          Key: keys.marker,
          Body: JSON.stringify({ jobId: created.jobId }),
          ContentType: 'application/json',
        }),
      );
      return 'RUNNING';
    }
    switch (found.Status) {
      case 'COMPLETE': {
        const frame = await this.readBytes(work, keys.frame);
        const video = found.OutputGroupDetails?.[0]?.OutputDetails?.[0]?.VideoDetails;
        const key = aiCoverKey(where.prefix);
        const output = await this.put(where.bucket, key, frame, 'image/jpeg', 'cover');
        if (video?.WidthInPx && video.HeightInPx) {
          output.width = video.WidthInPx;
          output.height = video.HeightInPx;
        }
        return {
          result: { key, fromShot: { start: round3(from.start), end: round3(from.end) } },
          summary: true,
          output,
        };
      }
      case 'ERROR':
      case 'CANCELED':
        return {
          result: {
            key: null,
            code: `MediaConvert.${found.ErrorCode ?? found.Status}`,
            message:
              found.ErrorMessage ?? `the cover job ${found.Id ?? jobId} was ${found.Status.toLowerCase()}`,
          },
          summary: false,
        };
      default:
        return 'RUNNING';
    }
  }

  private ended(
    jobId: string,
    token: AiJobToken,
    createdAt: string,
    detail: Omit<AiJobStateDetail, 'jobId' | 'engine' | 'userMetadata'> & { status: 'COMPLETE' | 'ERROR' },
  ): AiJobState {
    const full: AiJobStateDetail = {
      jobId,
      engine: ENGINE,
      userMetadata: {
        mpsStackId: this.deps.settings.stackId,
        mpsTaskId: token.taskId,
        mpsSubtasks: `${token.no}.${token.attempt}`,
      },
      ...detail,
    };
    // The same end gets the same event id, whoever (completion or watchdog) noticed it.
    const id = createHash('sha256').update(`${jobId}\n${detail.status}`).digest('hex').slice(0, 32);
    return {
      status: detail.status,
      createdAt,
      finalEvent: aiJobStateEvent(full, this.now(), `mps-ai-${id}`),
    };
  }

  private async startPart(r: ReturnType<typeof backendRequests>[number]): Promise<string> {
    const { rekognition } = this.deps;
    switch (r.part) {
      case 'moderation':
        return jobIdOf(await rekognition.send(new StartContentModerationCommand(r.input)), r.api);
      case 'text':
        return jobIdOf(await rekognition.send(new StartTextDetectionCommand(r.input)), r.api);
      case 'segments':
        return jobIdOf(await rekognition.send(new StartSegmentDetectionCommand(r.input)), r.api);
      case 'labels':
        return jobIdOf(await rekognition.send(new StartLabelDetectionCommand(r.input)), r.api);
      case 'speech':
        try {
          await this.deps.transcribe.send(new StartTranscriptionJobCommand(r.input));
        } catch (err) {
          // The name is this subtask attempt's: a conflict means a redelivered start already began it.
          if ((err as Error).name !== 'ConflictException') throw err;
        }
        return r.input.TranscriptionJobName!;
    }
  }

  private async partState(part: AwsAiPart, id: string): Promise<PartState> {
    try {
      if (part === 'speech') {
        const job = (
          await this.deps.transcribe.send(new GetTranscriptionJobCommand({ TranscriptionJobName: id }))
        ).TranscriptionJob;
        switch (job?.TranscriptionJobStatus) {
          case 'COMPLETED':
            return { status: 'SUCCEEDED' };
          case 'FAILED':
            return { status: 'FAILED', message: job.FailureReason ?? 'no reason given' };
          case undefined:
            return { status: 'UNKNOWN' };
          default:
            return { status: 'RUNNING' };
        }
      }
      const page = await this.page(part, id, undefined, 1);
      switch (page.JobStatus) {
        case 'SUCCEEDED':
          return { status: 'SUCCEEDED' };
        case 'FAILED':
          return { status: 'FAILED', message: page.StatusMessage ?? 'no reason given' };
        default:
          return { status: 'RUNNING' };
      }
    } catch (err) {
      const name = (err as Error).name;
      // An unknown (or expired: Rekognition keeps results for 7 days) job id.
      if (name === 'ResourceNotFoundException' || name === 'NotFoundException') return { status: 'UNKNOWN' };
      throw err;
    }
  }

  /** One Get* page of a Rekognition part. */
  private async page(
    part: RekognitionPart,
    JobId: string,
    NextToken: string | undefined,
    MaxResults = PAGE_SIZE,
  ): Promise<
    | GetContentModerationResponse
    | GetTextDetectionResponse
    | GetSegmentDetectionResponse
    | GetLabelDetectionResponse
  > {
    const input = { JobId, MaxResults, ...(NextToken ? { NextToken } : {}) };
    const { rekognition } = this.deps;
    switch (part) {
      case 'moderation':
        return rekognition.send(new GetContentModerationCommand({ ...input, SortBy: 'TIMESTAMP' }));
      case 'text':
        return rekognition.send(new GetTextDetectionCommand(input));
      case 'segments':
        return rekognition.send(new GetSegmentDetectionCommand(input));
      case 'labels':
        return rekognition.send(
          new GetLabelDetectionCommand({ ...input, SortBy: 'TIMESTAMP', AggregateBy: 'TIMESTAMPS' }),
        );
    }
  }

  /** Every page of a finished Rekognition part. */
  private async pages<T>(part: RekognitionPart, jobId: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined;
    do {
      const page = await this.page(part, jobId, next);
      out.push(page as T);
      next = page.NextToken;
    } while (next);
    return out;
  }

  /** Reads every part's results, writes the result JSON (and subtitles); returns outputs and summary. */
  private async finish(
    job: AwsAiJob,
    where: { bucket: string; prefix: string },
    known: { segments?: GetSegmentDetectionResponse[]; cover?: CoverOutcome | undefined },
  ): Promise<{ outputs: SubtaskOutput[]; summary: AiSummary }> {
    const result: Record<string, unknown> = {};
    const summary: AiSummary = {};
    const outputs: SubtaskOutput[] = [];
    const durations: Array<number | undefined> = [];
    let type: AiJobRequest['type'];

    if (job.parts.moderation) {
      type = 'ContentReview';
      const pages = await this.pages<GetContentModerationResponse>('moderation', job.parts.moderation);
      const thresholds = job.review ?? { reviewThreshold: 50, blockThreshold: 85 };
      const m = moderationResult(pages, thresholds);
      Object.assign(result, m.result);
      const segments = m.result.segments as unknown[];
      Object.assign(summary, reviewSummary(m.verdict, segments.length));
    } else if (job.parts.text || job.parts.speech) {
      type = 'AiRecognition';
      if (job.parts.text) {
        const pages = await this.pages<GetTextDetectionResponse>('text', job.parts.text);
        durations.push(durationOf(pages));
        const segments = textResult(pages);
        result.ocr = { engine: 'Amazon Rekognition Video text detection', segments };
        summary.textSegments = segments.length;
      }
      if (job.parts.speech) {
        const speech = await this.speech(job.parts.speech, where);
        result.speech = speech.result;
        outputs.push(...speech.outputs);
        summary.speechSegments = speech.segments;
        summary.words = speech.words;
      }
    } else {
      type = 'AiAnalysis';
      const asked = job.analysis ?? { shots: true, blackFrames: true, cover: false };
      if (job.parts.segments) {
        const pages =
          known.segments ?? (await this.pages<GetSegmentDetectionResponse>('segments', job.parts.segments));
        durations.push(durationOf(pages));
        const found = segmentResult(pages, asked);
        Object.assign(result, found);
        if (Array.isArray(found.shots)) summary.shots = found.shots.length;
        if (Array.isArray(found.blackSegments)) summary.blackSegments = found.blackSegments.length;
        if (Array.isArray(found.technicalCues)) summary.technicalCues = found.technicalCues.length;
      }
      if (job.parts.labels) {
        const pages = await this.pages<GetLabelDetectionResponse>('labels', job.parts.labels);
        durations.push(durationOf(pages));
        const labels = labelResult(pages);
        result.labels = labels;
        summary.labels = labels.length;
      }
      if (known.cover) {
        result.cover = known.cover.result;
        summary.cover = known.cover.summary;
        if (known.cover.output) outputs.push(known.cover.output);
      } else if (asked.cover) {
        // An engine without MediaConvert (or a job started before covers ran on AWS).
        result.cover = { key: null, available: false, code: AI_ERROR_CODES.notAvailableOnAws };
        summary.cover = AI_ERROR_CODES.notAvailableOnAws;
      }
    }
    const duration = durations.find((d) => d !== undefined);
    const body = JSON.stringify(
      {
        type,
        engine: ENGINE,
        ...(duration !== undefined && !('durationSeconds' in result) ? { durationSeconds: duration } : {}),
        ...result,
      },
      null,
      2,
    );
    outputs.unshift(
      await this.put(where.bucket, aiResultKey(where.prefix), body, 'application/json', AI_RESULT_KIND[type]),
    );
    return { outputs, summary };
  }

  /** The transcript (folded into the result) and the subtitles (copied next to the outputs). */
  private async speech(
    name: string,
    where: { bucket: string; prefix: string },
  ): Promise<{ result: Record<string, unknown>; outputs: SubtaskOutput[]; segments: number; words: number }> {
    const job = (
      await this.deps.transcribe.send(new GetTranscriptionJobCommand({ TranscriptionJobName: name }))
    ).TranscriptionJob;
    const work = this.deps.settings.workBucket;
    const transcript = speechResult(JSON.parse(await this.read(work, transcriptKey(name))));
    const keys = aiSubtitleKeys(where.prefix);
    const outputs: SubtaskOutput[] = [];
    for (const [format, target, type] of [
      ['vtt', keys.vtt, 'text/vtt'],
      ['srt', keys.srt, 'application/x-subrip'],
    ] as const) {
      const source = subtitleKey(job, format, work) ?? transcriptKey(name).replace(/\.json$/, `.${format}`);
      outputs.push(await this.put(where.bucket, target, await this.read(work, source), type, 'subtitles'));
    }
    return {
      result: {
        engine: 'Amazon Transcribe',
        language: job?.LanguageCode,
        transcript: transcript.transcript,
        segments: transcript.segments,
        subtitles: { vtt: keys.vtt, srt: keys.srt },
      },
      outputs,
      segments: transcript.segments.length,
      words: transcript.words,
    };
  }

  private async read(bucket: string, key: string): Promise<string> {
    const res = await this.deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return res.Body.transformToString('utf-8');
  }

  private async readBytes(bucket: string, key: string): Promise<Uint8Array> {
    const res = await this.deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return res.Body.transformToByteArray();
  }

  /** The object's text, or undefined when there is no such object. */
  private async readOptional(bucket: string, key: string): Promise<string | undefined> {
    try {
      return await this.read(bucket, key);
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
      throw err;
    }
  }

  private async put(
    bucket: string,
    key: string,
    body: string | Uint8Array,
    contentType: string,
    kind: string,
  ): Promise<SubtaskOutput> {
    await this.deps.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
    );
    return {
      bucket,
      key,
      kind,
      sizeBytes: Buffer.byteLength(body),
      container: key.slice(key.lastIndexOf('.') + 1),
    };
  }
}

/**
 * The subtask code of a start error no retry can fix, or undefined (retry). Transcribe's
 * LimitExceededException means too many requests or "your input file is too long": only the latter is
 * the source's fault.
 */
function startErrorCode(part: AwsAiPart, err: Error): string | undefined {
  if (
    part === 'speech' &&
    err.name === 'LimitExceededException' &&
    /too long|duration|length/i.test(err.message)
  ) {
    return 'SourceFileError';
  }
  return START_ERRORS[err.name];
}

function jobIdOf(res: { JobId?: string }, api: string): string {
  if (!res.JobId) throw new Error(`${api} answered without a JobId`);
  return res.JobId;
}

/**
 * The work-bucket key of a subtitle file from GetTranscriptionJob's SubtitleFileUris
 * (`https://s3.{region}.amazonaws.com/{bucket}/{key}` or `s3://{bucket}/{key}`), or undefined.
 */
export function subtitleKey(
  job: TranscriptionJob | undefined,
  format: 'vtt' | 'srt',
  bucket: string,
): string | undefined {
  for (const uri of job?.Subtitles?.SubtitleFileUris ?? []) {
    let path: string;
    try {
      const url = new URL(uri);
      path = url.protocol === 's3:' ? `/${url.host}${url.pathname}` : url.pathname;
    } catch {
      continue;
    }
    const virtualHosted = uri.startsWith('https://') && new URL(uri).hostname.startsWith(`${bucket}.`);
    const decoded = decodeURIComponent(virtualHosted ? `/${bucket}${path}` : path);
    const marker = `/${bucket}/`;
    const at = decoded.indexOf(marker);
    if (at < 0 || !decoded.endsWith(`.${format}`)) continue;
    return decoded.slice(at + marker.length);
  }
  return undefined;
}
