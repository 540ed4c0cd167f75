/**
 * EventBridge "MediaConvert Job State Change" details → JobStateEvent. Shape (AWS documentation,
 * "Using EventBridge with AWS Elemental MediaConvert"):
 *
 * ```json
 * { "timestamp": 1700000000000, "accountId": "111122223333", "queue": "arn:…:queues/Default",
 *   "jobId": "1700000000000-abc123", "status": "COMPLETE",
 *   "userMetadata": { "mpsStackId": "…", "mpsTaskId": "…", "mpsSubtaskNo": "1", "mpsAttempt": "1",
 *                     "mpsSubtasks": "1.1,5.1" },
 *   "jobProgress": { "jobPercentComplete": 52 },                         // STATUS_UPDATE
 *   "errorCode": 1030, "errorMessage": "…",                               // ERROR
 *   "outputGroupDetails": [ { "type": "FILE_GROUP" | "HLS_GROUP",         // COMPLETE
 *     "playlistFilePaths": ["s3://b/out/index.m3u8"],                     // HLS only
 *     "outputDetails": [ { "outputFilePaths": ["s3://b/out/a.mp4"], "durationInMs": 30000,
 *                          "videoDetails": { "widthInPx": 1280, "heightInPx": 720 } } ] } ] }
 * ```
 * AI jobs send the same detail with `outputs` and `summary` instead of outputGroupDetails
 * (core/ai/ai-job-event.ts).
 * A frame-capture output lists only its last file (`….0000009.jpg`); it becomes one sequence output
 * (first key, last key, count) rather than one entry per image, so a task record stays small.
 */
import type { AiSummary, JobEventStatus, JobMember, JobStateEvent, SubtaskOutput } from '../model';
import { FRAME_CAPTURE_INDEX, frameCaptureKey } from '../naming/output-paths';
import { isJsonObject } from '../json';

const STATUSES: readonly JobEventStatus[] = ['PROGRESSING', 'STATUS_UPDATE', 'COMPLETE', 'ERROR', 'CANCELED'];
const S3_URL = /^s3:\/\/([^/]+)\/(.+)$/;

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return isJsonObject(v) ? v : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function positiveInt(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** What a written file is, from its group type and name. */
export function outputKindOf(key: string, groupType: string | undefined, playlist: boolean): string {
  if (playlist) return 'playlist';
  if (groupType === 'HLS_GROUP') return key.endsWith('.m3u8') ? 'rendition' : 'segment';
  const ext = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'jpg') return /_sprite_\d+(?:_\d+)?_frames\//.test(key) ? 'spriteFrame' : 'image';
  if (ext === 'gif') return 'animation';
  if (ext === 'vtt') return 'webvtt';
  return 'video';
}

/**
 * s3://bucket/key → the file; a frame capture's last file → the whole numbered sequence. Numbering
 * starts at 0 (the API's FrameCaptureSettings: "N is the 0-based frame sequence number zero padded to 7
 * decimal places"; single-capture MediaConvert outputs are named `….0000000.jpg`), so the last index + 1
 * is the count.
 */
function fileOf(url: string): Pick<SubtaskOutput, 'bucket' | 'key' | 'count' | 'lastKey'> | undefined {
  const m = S3_URL.exec(url);
  if (!m) return undefined;
  const bucket = m[1]!;
  const key = m[2]!;
  const capture = FRAME_CAPTURE_INDEX.exec(key);
  if (!capture) return { bucket, key };
  const last = Number(capture[1]);
  return { bucket, key: frameCaptureKey(key.slice(0, capture.index), 0), count: last + 1, lastKey: key };
}

function outputsOf(detail: Json): SubtaskOutput[] {
  const outputs = new Map<string, SubtaskOutput>();
  for (const group of arr(detail.outputGroupDetails).map(obj)) {
    if (!group) continue;
    const groupType = typeof group.type === 'string' ? group.type : undefined;
    for (const url of arr(group.playlistFilePaths)) {
      const f = typeof url === 'string' ? fileOf(url) : undefined;
      if (f) outputs.set(`${f.bucket}/${f.key}`, { ...f, kind: 'playlist', container: 'hls' });
    }
    for (const od of arr(group.outputDetails).map(obj)) {
      if (!od) continue;
      const video = obj(od.videoDetails);
      const facts = {
        ...(num(od.durationInMs) !== undefined ? { durationMs: num(od.durationInMs)! } : {}),
        ...(num(video?.widthInPx) ? { width: num(video?.widthInPx)! } : {}),
        ...(num(video?.heightInPx) ? { height: num(video?.heightInPx)! } : {}),
      };
      for (const url of arr(od.outputFilePaths)) {
        const f = typeof url === 'string' ? fileOf(url) : undefined;
        if (!f) continue;
        const kind = outputKindOf(f.key, groupType, false);
        const container =
          groupType === 'HLS_GROUP' ? 'hls' : f.key.slice(f.key.lastIndexOf('.') + 1).toLowerCase();
        outputs.set(`${f.bucket}/${f.key}`, {
          ...f,
          kind: kind === 'video' && !video ? 'audio' : kind,
          container,
          ...facts,
        });
      }
    }
  }
  return [...outputs.values()];
}

const OUTPUT_NUMBERS = ['sizeBytes', 'width', 'height', 'durationMs', 'bitrateKbps', 'count'] as const;

/** The files of an AI job's COMPLETE (ai-job-event.ts): SubtaskOutput entries, malformed ones dropped. */
function aiOutputsOf(list: unknown[]): SubtaskOutput[] {
  const outputs: SubtaskOutput[] = [];
  for (const entry of list.map(obj)) {
    if (!entry || typeof entry.bucket !== 'string' || typeof entry.key !== 'string') continue;
    if (typeof entry.kind !== 'string' || !entry.bucket || !entry.key) continue;
    const out: SubtaskOutput = { bucket: entry.bucket, key: entry.key, kind: entry.kind };
    for (const field of OUTPUT_NUMBERS) {
      const n = num(entry[field]);
      if (n !== undefined && n >= 0) out[field] = n;
    }
    if (typeof entry.container === 'string') out.container = entry.container;
    outputs.push(out);
  }
  return outputs;
}

/** An AI job's summary: flat string/number/boolean values only, at most 30 of them. */
function summaryOf(v: unknown): AiSummary | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const entries = Object.entries(o)
    .filter(([, x]) => ['string', 'number', 'boolean'].includes(typeof x))
    .slice(0, 30)
    .map(([k, x]) => [k, typeof x === 'string' ? x.slice(0, 200) : x] as const);
  return entries.length > 0 ? (Object.fromEntries(entries) as AiSummary) : undefined;
}

/**
 * The subtask attempts of a job: `mpsSubtasks` ("1.1,5.1", lead first), or for jobs submitted before it
 * existed `mpsSubtaskNo` + `mpsAttempt`. Undefined when neither is well-formed.
 */
function membersOf(meta: Json): JobMember[] | undefined {
  if (typeof meta.mpsSubtasks === 'string') {
    const members = meta.mpsSubtasks.split(',').map((pair) => {
      const [no, attempt, ...rest] = pair.split('.');
      const m = { no: positiveInt(no), attempt: positiveInt(attempt) };
      return rest.length === 0 && m.no !== undefined && m.attempt !== undefined
        ? (m as JobMember)
        : undefined;
    });
    const valid = members.filter((m): m is JobMember => m !== undefined);
    const distinct = new Set(valid.map((m) => m.no)).size === valid.length;
    return valid.length > 0 && valid.length === members.length && distinct ? valid : undefined;
  }
  const no = positiveInt(meta.mpsSubtaskNo);
  const attempt = positiveInt(meta.mpsAttempt);
  return no !== undefined && attempt !== undefined ? [{ no, attempt }] : undefined;
}

/**
 * Normalises one "MediaConvert Job State Change" detail. Undefined for statuses the tasks ignore
 * (INPUT_INFORMATION, NEW_WARNING, QUEUE_HOP…), for jobs without our UserMetadata, and for another
 * stack's jobs when `stackId` is given. `time` is the EventBridge event time.
 */
export function parseJobStateEvent(
  detail: unknown,
  time: string,
  stackId?: string,
): JobStateEvent | undefined {
  const d = obj(detail);
  const meta = obj(d?.userMetadata);
  if (!d || !meta) return undefined;
  const status = d.status as JobEventStatus;
  const jobId = d.jobId;
  const taskId = meta.mpsTaskId;
  const members = membersOf(meta);
  if (!STATUSES.includes(status) || typeof jobId !== 'string' || !jobId) return undefined;
  if (typeof taskId !== 'string' || !taskId || members === undefined) return undefined;
  if (typeof meta.mpsStackId !== 'string' || (stackId !== undefined && meta.mpsStackId !== stackId))
    return undefined;
  const event: JobStateEvent = { jobId, status, time, taskId, members };
  if (status === 'STATUS_UPDATE') {
    const percent = num(obj(d.jobProgress)?.jobPercentComplete);
    if (percent !== undefined) event.progress = Math.min(100, Math.max(0, percent));
  }
  if (status === 'COMPLETE') {
    event.progress = 100;
    // An AI job (core/ai/ai-job-event.ts) lists its files itself; MediaConvert lists output groups.
    event.outputs = Array.isArray(d.outputs) ? aiOutputsOf(d.outputs) : outputsOf(d);
    const summary = summaryOf(d.summary);
    if (summary) event.summary = summary;
  }
  if (status === 'ERROR') {
    if (d.errorCode !== undefined && d.errorCode !== null) event.errorCode = String(d.errorCode);
    if (typeof d.errorMessage === 'string') event.errorMessage = d.errorMessage;
  }
  return event;
}
