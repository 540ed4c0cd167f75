/**
 * The "MediaConvert Job State Change" event of a finished job, rebuilt from GetJob, for a job whose
 * event never reached the service (the watchdog redrives it through the job-events queue, so it is
 * applied like any other event). File names follow MediaConvert's: a FILE_GROUP output writes
 * `{destination}{NameModifier}.{extension}` (frame captures `….NNNNNNN.jpg`, numbered from 0), an HLS
 * group the multivariant playlist `{destination}.m3u8` and one variant playlist
 * `{destination}{NameModifier}.m3u8` per output. GetJob gives each output's duration and frame size
 * (OutputGroupDetails, in the order of the job's outputs) but not how many frames a capture wrote: the
 * last capture key of each sequence is looked up in S3 by the caller (`captureSequencesOf`).
 */
import type { Job, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';

/** Default file extension of a FILE_GROUP output per container (when the output sets no Extension). */
const EXTENSIONS: Readonly<Record<string, string>> = {
  MP4: 'mp4',
  MOV: 'mov',
  WEBM: 'webm',
  GIF: 'gif',
  RAW: 'jpg',
};

/** The extension MediaConvert gives a FILE_GROUP output's file(s): its Extension, else its container's. */
export function fileOutputExtension(output: Output): string {
  return output.Extension ?? EXTENSIONS[output.ContainerSettings?.Container ?? 'MP4'] ?? 'mp4';
}

const S3_URL = /^s3:\/\/([^/]+)\/(.*)$/;

/** A frame-capture output: its files are `{stem}.NNNNNNN.jpg` in `bucket`. */
export interface CaptureSequence {
  bucket: string;
  /** Key stem, before `.NNNNNNN.jpg`. */
  stem: string;
}

interface GroupFiles {
  type: 'FILE_GROUP' | 'HLS_GROUP';
  bucket: string;
  /** Destination key with its base name (the input's base name when the destination ends with `/`). */
  base: string;
  outputs: readonly Output[];
}

function inputBaseName(job: Job): string {
  const uri = job.Settings?.Inputs?.[0]?.FileInput ?? '';
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function groupFiles(job: Job, group: OutputGroup): GroupFiles | undefined {
  const settings = group.OutputGroupSettings;
  const hls = settings?.Type === 'HLS_GROUP_SETTINGS';
  const destination = hls
    ? settings?.HlsGroupSettings?.Destination
    : settings?.FileGroupSettings?.Destination;
  const m = destination ? S3_URL.exec(destination) : null;
  if (!m) return undefined;
  const key = m[2]!;
  const base = key.endsWith('/') || key === '' ? `${key}${inputBaseName(job)}` : key;
  return { type: hls ? 'HLS_GROUP' : 'FILE_GROUP', bucket: m[1]!, base, outputs: group.Outputs ?? [] };
}

function isCapture(output: Output): boolean {
  return output.ContainerSettings?.Container === 'RAW';
}

function fileStem(files: GroupFiles, output: Output): string {
  return `${files.base}${output.NameModifier ?? ''}`;
}

/** The frame-capture sequences a job wrote, whose last file the caller finds in S3. */
export function captureSequencesOf(job: Job): CaptureSequence[] {
  const sequences: CaptureSequence[] = [];
  for (const group of job.Settings?.OutputGroups ?? []) {
    const files = groupFiles(job, group);
    if (files?.type !== 'FILE_GROUP') continue;
    for (const output of files.outputs) {
      if (isCapture(output)) sequences.push({ bucket: files.bucket, stem: fileStem(files, output) });
    }
  }
  return sequences;
}

/** `s3://bucket/stem` → the last capture key found for that sequence. */
export type LastCaptureKeys = ReadonlyMap<string, string>;

/** The key `captureSequencesOf`'s sequences are looked up under in LastCaptureKeys. */
export function captureSequenceId(sequence: CaptureSequence): string {
  return `s3://${sequence.bucket}/${sequence.stem}`;
}

/**
 * The event detail MediaConvert sends for a final job state, from GetJob's `job`. COMPLETE lists every
 * output file (a capture sequence by its last file, omitted when none was found); ERROR carries the
 * job's error code and message. Undefined for a job that has not ended.
 */
export function finalJobStateDetail(
  job: Job,
  lastCaptures: LastCaptureKeys = new Map(),
): Record<string, unknown> | undefined {
  const status = job.Status;
  if (status !== 'COMPLETE' && status !== 'ERROR' && status !== 'CANCELED') return undefined;
  const detail: Record<string, unknown> = {
    timestamp: (job.Timing?.FinishTime ?? new Date()).getTime(),
    jobId: job.Id,
    status,
    userMetadata: { ...(job.UserMetadata ?? {}) },
    ...(job.Queue ? { queue: job.Queue } : {}),
  };
  if (status === 'ERROR') {
    if (job.ErrorCode !== undefined) detail.errorCode = job.ErrorCode;
    if (job.ErrorMessage !== undefined) detail.errorMessage = job.ErrorMessage;
  }
  if (status === 'COMPLETE') detail.outputGroupDetails = outputGroupDetails(job, lastCaptures);
  return detail;
}

function outputGroupDetails(job: Job, lastCaptures: LastCaptureKeys): Record<string, unknown>[] {
  return (job.Settings?.OutputGroups ?? []).flatMap((group, gi) => {
    const files = groupFiles(job, group);
    if (!files) return [];
    const reported = job.OutputGroupDetails?.[gi]?.OutputDetails ?? [];
    const url = (key: string) => `s3://${files.bucket}/${key}`;
    const outputDetails = files.outputs.flatMap((output, oi) => {
      const stem = fileStem(files, output);
      let path: string | undefined;
      if (files.type === 'HLS_GROUP') path = url(`${stem}.m3u8`);
      else if (isCapture(output)) path = lastCaptures.get(captureSequenceId({ bucket: files.bucket, stem }));
      else {
        path = url(`${stem}.${fileOutputExtension(output)}`);
      }
      if (!path) return [];
      const facts = reported[oi];
      const video = facts?.VideoDetails;
      return [
        {
          outputFilePaths: [path],
          ...(facts?.DurationInMs !== undefined ? { durationInMs: facts.DurationInMs } : {}),
          ...(video?.WidthInPx && video.HeightInPx
            ? { videoDetails: { widthInPx: video.WidthInPx, heightInPx: video.HeightInPx } }
            : {}),
        },
      ];
    });
    return [
      {
        type: files.type,
        outputDetails,
        ...(files.type === 'HLS_GROUP' ? { playlistFilePaths: [url(`${files.base}.m3u8`)] } : {}),
      },
    ];
  });
}
