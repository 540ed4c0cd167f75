import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  EngineError,
  ERROR_UNKNOWN,
  inputUnreadable,
  JobCanceledError,
  unsupported,
  withObjectNames,
} from './errors';
import type { OutputGroupDetail } from './events';
import { type FfmpegRun, runFfmpeg } from './ffmpeg-process';
import { planJob } from './ffmpeg-args/job';
import { buildTimeline } from './ffmpeg-args/timeline';
import type { PreparedInput } from './ffmpeg-args/types';
import { contentTypeFor, type ObjectIO, parseS3Uri, s3Uri } from './object-io';
import { probeMedia, runFfprobe } from './probe';
import { checkSupported } from './settings-check';

export interface JobRunnerDeps {
  io: ObjectIO;
  ffmpegPath: string;
  ffprobePath: string;
  /** The job works in `<workDir>/<jobId>/`, removed when it ends. */
  workDir: string;
  encoders(): Promise<ReadonlySet<string>>;
  /** The ffmpeg's main options (versions differ: 4.1 has no `stats_period`). */
  options(): Promise<ReadonlySet<string>>;
}

/**
 * Runs one job: check settings → download and probe inputs (and inserted images) → one ffmpeg run for
 * every output of every group (the input decoded once) → upload each group's files → describe the outputs. Throws EngineError (with a
 * MediaConvert error code), JobCanceledError, or any other Error (reported as 1999).
 */
export class JobRunner {
  private canceled = false;
  private current?: FfmpegRun;
  /** Downloaded scratch file → its s3:// URI, so that failure messages name the object. */
  private readonly localNames = new Map<string, string>();

  constructor(
    readonly jobId: string,
    private readonly input: CreateJobCommandInput,
    private readonly deps: JobRunnerDeps,
    /** Transcode progress 0–100 over all output groups. */
    private readonly onProgress: (percent: number) => void,
  ) {}

  async cancel(): Promise<void> {
    this.canceled = true;
    await this.current?.kill();
  }

  async run(): Promise<OutputGroupDetail[]> {
    checkSupported(this.input);
    const settings = this.input.Settings;
    if (!settings?.Inputs?.length) throw unsupported('Settings.Inputs', 'at least one input is required');
    if (!settings.OutputGroups?.length)
      throw unsupported('Settings.OutputGroups', 'at least one output group is required');
    const jobDir = path.join(this.deps.workDir, this.jobId);
    await mkdir(jobDir, { recursive: true });
    try {
      const inputs = await this.prepareInputs(jobDir);
      const imageFiles = await this.prepareImages(jobDir);
      const timeline = buildTimeline(inputs);
      const [encoders, ffmpegOptions] = await Promise.all([this.deps.encoders(), this.deps.options()]);
      const outDirOf = (gi: number) => path.join(jobDir, `group-${gi}`);
      const groups = settings.OutputGroups;
      await Promise.all(groups.map((_, gi) => mkdir(outDirOf(gi))));
      const plan = planJob(groups, {
        timeline,
        inputs,
        imageFiles,
        encoders,
        ffmpegOptions,
        ffprobePath: this.deps.ffprobePath,
        outDirOf,
      });
      await this.transcode(plan.args, (fraction) => this.onProgress(fraction * 100), timeline.duration);
      const details: OutputGroupDetail[] = [];
      for (const group of plan.groups) {
        const local = await group.finalize();
        const { bucket, dirKey } = group.destination;
        await this.upload(
          group.outDir,
          bucket,
          dirKey,
          (local.playlistFiles ?? []).map((f) => path.basename(f)),
        );
        const toUri = (file: string) => s3Uri(bucket, dirKey + path.basename(file));
        details.push({
          type: local.type,
          outputDetails: local.outputDetails.map((o) => ({
            outputFilePaths: o.files.map(toUri),
            durationInMs: o.durationInMs,
            ...(o.width && o.height ? { videoDetails: { widthInPx: o.width, heightInPx: o.height } } : {}),
          })),
          ...(local.playlistFiles ? { playlistFilePaths: local.playlistFiles.map(toUri) } : {}),
        });
      }
      return details;
    } catch (e) {
      // A tool that failed because the job was being canceled is a cancellation, not a job error.
      if (this.canceled) throw new JobCanceledError();
      throw withObjectNames(e, this.localNames, jobDir);
    } finally {
      await rm(jobDir, { recursive: true, force: true });
    }
  }

  private throwIfCanceled(): void {
    if (this.canceled) throw new JobCanceledError();
  }

  private async prepareInputs(jobDir: string): Promise<PreparedInput[]> {
    const prepared: PreparedInput[] = [];
    const inputs = this.input.Settings!.Inputs!;
    for (let i = 0; i < inputs.length; i++) {
      this.throwIfCanceled();
      const uri = inputs[i].FileInput;
      const p = `Settings.Inputs[${i}]`;
      if (!uri) throw unsupported(`${p}.FileInput`, 'FileInput is required');
      const s3 = parseS3Uri(uri);
      if (!s3) throw unsupported(`${p}.FileInput`, `only s3:// inputs are supported, got "${uri}"`);
      // The same file may be listed several times (one clipped input per snapshot offset): fetch it once.
      const same = prepared.find((x) => x.uri === uri);
      if (same) {
        prepared.push({ ...same, settings: inputs[i], path: p });
        continue;
      }
      const file = path.join(jobDir, `input-${i}${path.extname(s3.key).slice(0, 10)}`);
      this.localNames.set(file, uri);
      try {
        await this.deps.io.getObjectToFile(s3.bucket, s3.key, file);
      } catch (e) {
        throw inputUnreadable(
          uri,
          `the object could not be read (${(e as Error).name}: ${(e as Error).message})`,
        );
      }
      this.throwIfCanceled();
      try {
        prepared.push({
          uri,
          file,
          info: await probeMedia(this.deps.ffprobePath, file),
          settings: inputs[i],
          path: p,
        });
      } catch (e) {
        throw inputUnreadable(uri, `failed probe/open: ${(e as Error).message}`);
      }
    }
    return prepared;
  }

  private async prepareImages(jobDir: string): Promise<Map<string, string>> {
    const uris = new Set<string>();
    for (const g of this.input.Settings!.OutputGroups!) {
      for (const o of g.Outputs ?? []) {
        for (const img of o.VideoDescription?.VideoPreprocessors?.ImageInserter?.InsertableImages ?? []) {
          if (img.ImageInserterInput) uris.add(img.ImageInserterInput);
        }
      }
    }
    const files = new Map<string, string>();
    for (const uri of uris) {
      this.throwIfCanceled();
      const s3 = parseS3Uri(uri);
      if (!s3) throw unsupported('ImageInserterInput', `only s3:// images are supported, got "${uri}"`);
      const file = path.join(jobDir, `image-${files.size}${path.extname(s3.key).slice(0, 10)}`);
      this.localNames.set(file, uri);
      try {
        await this.deps.io.getObjectToFile(s3.bucket, s3.key, file);
        await runFfprobe(this.deps.ffprobePath, file);
      } catch (e) {
        throw inputUnreadable(uri, `the image could not be read (${(e as Error).message})`);
      }
      files.set(uri, file);
    }
    return files;
  }

  private async transcode(args: string[], onFraction: (f: number) => void, duration: number): Promise<void> {
    const statsPeriod = (await this.deps.options()).has('stats_period');
    this.throwIfCanceled();
    this.current = runFfmpeg(
      this.deps.ffmpegPath,
      args,
      (block) => {
        if (block.outTimeSeconds !== undefined && duration > 0)
          onFraction(Math.min(1, block.outTimeSeconds / duration));
      },
      { statsPeriod },
    );
    try {
      await this.current.done;
    } catch (e) {
      if (e instanceof JobCanceledError) throw e;
      throw new EngineError(ERROR_UNKNOWN, `Transcoding failed: ${(e as Error).message}`);
    } finally {
      this.current = undefined;
    }
    this.throwIfCanceled();
  }

  /** Uploads every file of a group: media first, then variant playlists, the master playlist last. */
  private async upload(outDir: string, bucket: string, dirKey: string, last: string[]): Promise<void> {
    const rank = (f: string) => (last.includes(f) ? 2 : f.endsWith('.m3u8') ? 1 : 0);
    const files = (await readdir(outDir)).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const f of files) {
      this.throwIfCanceled();
      try {
        await this.deps.io.putFile(bucket, dirKey + f, path.join(outDir, f), contentTypeFor(f));
      } catch (e) {
        throw new EngineError(
          ERROR_UNKNOWN,
          `Unable to write output [${s3Uri(bucket, dirKey + f)}]: ${(e as Error).message}`,
        );
      }
    }
  }
}
