import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ObjectIO } from '../../local/engine';
import { FFMPEG, FFPROBE, TOOL_ENV } from '../support/ffmpeg';

export const run = promisify(execFile);

/** ObjectIO over a directory: s3://bucket/key ↔ <root>/<bucket>/<key>. */
export class DirObjectIO implements ObjectIO {
  readonly puts: Array<{ bucket: string; key: string; contentType: string }> = [];
  constructor(readonly root: string) {}
  pathOf(bucket: string, key: string): string {
    return path.join(this.root, bucket, key);
  }
  async getObjectToFile(bucket: string, key: string, file: string): Promise<void> {
    await copyFile(this.pathOf(bucket, key), file);
  }
  async putFile(bucket: string, key: string, file: string, contentType: string): Promise<void> {
    await mkdir(path.dirname(this.pathOf(bucket, key)), { recursive: true });
    await copyFile(file, this.pathOf(bucket, key));
    this.puts.push({ bucket, key, contentType });
  }
  async put(bucket: string, key: string, from: string): Promise<void> {
    await mkdir(path.dirname(this.pathOf(bucket, key)), { recursive: true });
    await copyFile(from, this.pathOf(bucket, key));
  }
}

/** testsrc2 (+ 440 Hz sine unless audio is false), H.264/AAC MP4 at 25 fps. */
export async function makeClip(
  file: string,
  o: { seconds: number; size: string; audio?: boolean },
): Promise<void> {
  const audio = o.audio !== false;
  await run(
    FFMPEG,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${o.size}:rate=25:duration=${o.seconds}`,
      ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${o.seconds}`] : []),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '25',
      ...(audio ? ['-c:a', 'aac'] : []),
      file,
    ],
    { env: TOOL_ENV },
  );
}

/** A solid-colour PNG. */
export async function makePng(file: string, color: string, size: string): Promise<void> {
  await run(
    FFMPEG,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `color=c=${color}:s=${size}`,
      '-frames:v',
      '1',
      file,
    ],
    { env: TOOL_ENV },
  );
}

export interface ProbeStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_read_frames?: string;
  sample_rate?: string;
  channels?: number;
}

export interface Probe {
  format: { duration?: string; format_name: string };
  streams: ProbeStream[];
}

export async function ffprobe(file: string, countFrames = false): Promise<Probe> {
  const { stdout } = await run(
    FFPROBE,
    [
      '-v',
      'error',
      ...(countFrames ? ['-count_frames'] : []),
      '-show_format',
      '-show_streams',
      '-of',
      'json',
      file,
    ],
    { env: TOOL_ENV },
  );
  return JSON.parse(stdout) as Probe;
}

export const streamOf = (p: Probe, type: 'video' | 'audio') => p.streams.find((s) => s.codec_type === type);
