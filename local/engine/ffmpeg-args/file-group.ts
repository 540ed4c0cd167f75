import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileOutputExtension } from '../../../lambdas/core/mediaconvert/recovered-job-event';
import { unsupported } from '../errors';
import { audioMapArgs } from './audio-map';
import { videoChain } from './output-video';
import type { BuiltOutput, OutputContext } from './types';
import { videoEncoderArgs } from './video';

const VIDEO_CODECS: Record<string, string[]> = {
  MP4: ['H_264', 'H_265', 'AV1'],
  MOV: ['H_264', 'H_265'],
  WEBM: ['VP9', 'AV1'],
  GIF: ['GIF'],
  RAW: ['FRAME_CAPTURE'],
};
/**
 * Audio codecs per container: those MediaConvert documents for the container (its codec/container
 * tables) that the engine renders; MP3 is documented only as a raw audio-only output, not in MP4/MOV.
 */
const AUDIO_CODECS: Record<string, string[]> = {
  MP4: ['AAC'],
  MOV: ['AAC'],
  WEBM: ['OPUS'],
};

/** File name (without directory) of a FILE_GROUP output; frame captures get `.%07d` before the extension. */
export function fileOutputName(ctx: OutputContext, base: string): string {
  const container = ctx.output.ContainerSettings?.Container ?? 'MP4';
  const ext = fileOutputExtension(ctx.output);
  const stem = `${base}${ctx.output.NameModifier ?? ''}`;
  return container === 'RAW' ? `${stem}.%07d.${ext}` : `${stem}.${ext}`;
}

export function checkFileOutput(ctx: OutputContext): string {
  const o = ctx.output;
  const container = o.ContainerSettings?.Container ?? 'MP4';
  const cPath = `${ctx.path}.ContainerSettings.Container`;
  if (!VIDEO_CODECS[container])
    throw unsupported(cPath, `${container} is not a FILE_GROUP container here (MP4, MOV, WEBM, GIF, RAW)`);
  const codec = o.VideoDescription?.CodecSettings?.Codec;
  if (o.VideoDescription && !VIDEO_CODECS[container].includes(codec ?? '')) {
    throw unsupported(
      `${ctx.path}.VideoDescription.CodecSettings.Codec`,
      `${codec ?? '(missing)'} in ${container} (allowed: ${VIDEO_CODECS[container].join(', ')})`,
    );
  }
  if (!o.VideoDescription && !AUDIO_CODECS[container])
    throw unsupported(`${ctx.path}.VideoDescription`, `${container} needs a VideoDescription`);
  (o.AudioDescriptions ?? []).forEach((ad, i) => {
    const allowed = AUDIO_CODECS[container] ?? [];
    if (!allowed.includes(ad.CodecSettings?.Codec ?? '')) {
      throw unsupported(
        `${ctx.path}.AudioDescriptions[${i}].CodecSettings.Codec`,
        `${ad.CodecSettings?.Codec ?? '(missing)'} in ${container} (allowed: ${allowed.join(', ') || 'no audio'})`,
      );
    }
  });
  if (!o.VideoDescription && !o.AudioDescriptions?.length)
    throw unsupported(ctx.path, 'an output needs a VideoDescription or AudioDescriptions');
  return container;
}

/** One FILE_GROUP output: MP4/MOV/WEBM (video and/or audio), GIF, or RAW frame capture (JPEG). */
export function buildFileOutput(ctx: OutputContext, outDir: string, base: string): BuiltOutput {
  const container = checkFileOutput(ctx);
  const name = `o${ctx.path.replace(/\D+/g, '_')}`;
  const file = path.join(outDir, fileOutputName(ctx, base));
  const vd = ctx.output.VideoDescription;
  const codec = vd?.CodecSettings?.Codec;
  if (codec === 'FRAME_CAPTURE') return frameCapture(ctx, name, file);
  if (codec === 'GIF') {
    const v = videoChain(ctx, name);
    return {
      filters: [
        ...v.filters,
        `[${v.label}]split[${name}_a][${name}_b]`,
        `[${name}_a]palettegen[${name}_p]`,
        `[${name}_b][${name}_p]paletteuse[${name}_out]`,
      ],
      args: ['-map', `[${name}_out]`, '-c:v', 'gif', '-loop', '0', '-f', 'gif', file],
      width: v.width,
      height: v.height,
      details: async () => outputDetail(ctx, file, v),
    };
  }
  const filters: string[] = [];
  const args: string[] = [];
  let size: { width?: number; height?: number } = {};
  if (vd) {
    const v = videoChain(ctx, name);
    filters.push(...v.filters);
    args.push(
      '-map',
      `[${v.label}]`,
      ...videoEncoderArgs(vd, `${ctx.path}.VideoDescription`, v.fps, ctx.encoders, container),
    );
    size = { width: v.width, height: v.height };
  }
  args.push(...audioMapArgs(ctx.output, ctx.path, ctx.audioLabels));
  const progressive =
    (ctx.output.ContainerSettings?.Mp4Settings?.MoovPlacement ?? 'PROGRESSIVE_DOWNLOAD') ===
    'PROGRESSIVE_DOWNLOAD';
  if (container === 'MP4') args.push(...(progressive ? ['-movflags', '+faststart'] : []), '-f', 'mp4');
  if (container === 'MOV') args.push('-f', 'mov');
  if (container === 'WEBM') args.push('-f', 'webm');
  args.push(file);
  return { filters, args, ...size, details: async () => outputDetail(ctx, file, size) };
}

/**
 * FRAME_CAPTURE: the first frame, then one every FramerateDenominator/FramerateNumerator seconds of the
 * output timeline, at most MaxCaptures, as JPEG (Quality 1–100 → -q:v 31–2), named `<name>.0000000.jpg`…
 */
function frameCapture(ctx: OutputContext, name: string, pattern: string): BuiltOutput {
  const s = ctx.output.VideoDescription?.CodecSettings?.FrameCaptureSettings ?? {};
  const period = (s.FramerateDenominator ?? 1) / (s.FramerateNumerator ?? 1);
  const v = videoChain(ctx, name, [`select='gte(t,${period}*selected_n-0.001)'`]);
  const quality = Math.min(100, Math.max(1, s.Quality ?? 80));
  const q = Math.round(31 - ((quality - 1) * 29) / 99);
  const args = [
    '-map',
    `[${v.label}]`,
    // One JPEG per selected frame: `-fps_mode` since ffmpeg 5.1, `-vsync` before.
    ctx.ffmpegOptions.has('fps_mode') ? '-fps_mode' : '-vsync',
    'passthrough',
    '-c:v',
    'mjpeg',
    '-pix_fmt',
    'yuvj420p',
    '-q:v',
    String(q),
    ...(s.MaxCaptures ? ['-frames:v', String(s.MaxCaptures)] : []),
    '-f',
    'image2',
    '-start_number',
    '0',
    pattern,
  ];
  return {
    filters: v.filters,
    args,
    width: v.width,
    height: v.height,
    async details() {
      const dir = path.dirname(pattern);
      const prefix = path.basename(pattern).split('%07d')[0];
      const frames = (await readdir(dir))
        .filter((f) => f.startsWith(prefix) && /\.\d{7}\.[^.]+$/.test(f))
        .sort();
      if (frames.length === 0) throw new Error(`frame capture ${ctx.path} produced no image`);
      return {
        files: [path.join(dir, frames[frames.length - 1])],
        durationInMs: Math.round(ctx.timeline.duration * 1000),
        width: v.width,
        height: v.height,
      };
    },
  };
}

/**
 * What MediaConvert reports for a written file: its path, the duration of the job's timeline and the
 * frame size the output was scaled to (none for audio-only outputs); known without reading the file.
 */
function outputDetail(ctx: OutputContext, file: string, size: { width?: number; height?: number }) {
  return {
    files: [file],
    durationInMs: Math.round(ctx.timeline.duration * 1000),
    ...(size.width && size.height ? { width: size.width, height: size.height } : {}),
  };
}
