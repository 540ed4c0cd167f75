import type { HlsGroupSettings } from '@aws-sdk/client-mediaconvert';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unsupported } from '../errors';
import { audioMapArgs } from './audio-map';
import { renditionCodecs } from './codec-strings';
import { videoChain } from './output-video';
import type { BuiltOutput, OutputContext } from './types';
import { videoEncoderArgs } from './video';

const VIDEO_CODECS = ['H_264', 'H_265'];
const AUDIO_CODECS = ['AAC'];

export interface HlsVariant {
  playlist: string;
  width?: number;
  height?: number;
}

/**
 * One HLS output (M3U8 container): MPEG-TS segments `<base><NameModifier>_00001.ts`… and the variant
 * playlist `<base><NameModifier>.m3u8`, with keyframes forced at SegmentLength boundaries.
 */
export function buildHlsOutput(
  ctx: OutputContext,
  hls: HlsGroupSettings,
  outDir: string,
  base: string,
): BuiltOutput & { variant: HlsVariant } {
  const o = ctx.output;
  const container = o.ContainerSettings?.Container ?? 'M3U8';
  if (container !== 'M3U8')
    throw unsupported(`${ctx.path}.ContainerSettings.Container`, `${container} in an HLS group (only M3U8)`);
  const codec = o.VideoDescription?.CodecSettings?.Codec;
  if (o.VideoDescription && !VIDEO_CODECS.includes(codec ?? '')) {
    throw unsupported(
      `${ctx.path}.VideoDescription.CodecSettings.Codec`,
      `${codec ?? '(missing)'} in HLS (allowed: ${VIDEO_CODECS.join(', ')})`,
    );
  }
  (o.AudioDescriptions ?? []).forEach((ad, i) => {
    if (!AUDIO_CODECS.includes(ad.CodecSettings?.Codec ?? '')) {
      throw unsupported(
        `${ctx.path}.AudioDescriptions[${i}].CodecSettings.Codec`,
        `${ad.CodecSettings?.Codec ?? '(missing)'} in HLS (allowed: ${AUDIO_CODECS.join(', ')})`,
      );
    }
  });
  if (!o.VideoDescription && !o.AudioDescriptions?.length)
    throw unsupported(ctx.path, 'an output needs a VideoDescription or AudioDescriptions');

  const segmentLength = hls.SegmentLength ?? 10;
  const stem = `${base}${o.NameModifier ?? ''}`;
  const playlist = path.join(outDir, `${stem}.m3u8`);
  const name = `o${ctx.path.replace(/\D+/g, '_')}`;
  const filters: string[] = [];
  const args: string[] = [];
  let size: { width?: number; height?: number } = {};
  if (o.VideoDescription) {
    const v = videoChain(ctx, name);
    filters.push(...v.filters);
    args.push(
      '-map',
      `[${v.label}]`,
      ...videoEncoderArgs(o.VideoDescription, `${ctx.path}.VideoDescription`, v.fps, ctx.encoders, 'M3U8'),
      '-force_key_frames',
      `expr:gte(t,n_forced*${segmentLength})`,
    );
    size = { width: v.width, height: v.height };
  }
  args.push(...audioMapArgs(o, ctx.path, ctx.audioLabels));
  args.push(
    '-f',
    'hls',
    '-hls_time',
    String(segmentLength),
    '-hls_playlist_type',
    'vod',
    '-hls_list_size',
    '0',
    '-start_number',
    '1',
    '-hls_segment_filename',
    path.join(outDir, `${stem}_%05d.ts`),
    ...(hls.ManifestDurationFormat === 'INTEGER' ? ['-hls_flags', 'round_durations'] : []),
    playlist,
  );
  return {
    filters,
    args,
    ...size,
    variant: { playlist, ...size },
    async details() {
      const { durationSeconds } = await readVariant(playlist);
      return { files: [playlist], durationInMs: Math.round(durationSeconds * 1000), ...size };
    },
  };
}

async function readVariant(
  playlist: string,
): Promise<{ durationSeconds: number; segments: Array<{ file: string; seconds: number }> }> {
  const lines = (await readFile(playlist, 'utf8')).split('\n').map((l) => l.trim());
  const segments: Array<{ file: string; seconds: number }> = [];
  let pending: number | undefined;
  for (const line of lines) {
    if (line.startsWith('#EXTINF:')) pending = parseFloat(line.slice(8));
    else if (line && !line.startsWith('#') && pending !== undefined) {
      segments.push({ file: path.join(path.dirname(playlist), line), seconds: pending });
      pending = undefined;
    }
  }
  return { durationSeconds: segments.reduce((s, x) => s + x.seconds, 0), segments };
}

/**
 * The multivariant playlist `<base>.m3u8`: one EXT-X-STREAM-INF per output with BANDWIDTH (peak segment
 * bitrate), AVERAGE-BANDWIDTH, CODECS (RFC 6381, read from the rendition's first segment) and
 * RESOLUTION (unless StreamInfResolution is EXCLUDE).
 */
export async function writeMasterPlaylist(
  file: string,
  variants: HlsVariant[],
  hls: HlsGroupSettings,
  ffprobePath: string,
): Promise<void> {
  const entries = await Promise.all(
    variants.map(async (v) => {
      const { durationSeconds, segments } = await readVariant(v.playlist);
      const sizes = await Promise.all(segments.map(async (s) => (await stat(s.file)).size));
      let peak = 0;
      segments.forEach((s, i) => {
        if (s.seconds > 0) peak = Math.max(peak, (sizes[i]! * 8) / s.seconds);
      });
      const bytes = sizes.reduce((a, b) => a + b, 0);
      const average = durationSeconds > 0 ? (bytes * 8) / durationSeconds : 0;
      const codecs = segments[0] ? await renditionCodecs(ffprobePath, segments[0].file) : undefined;
      const attrs = [`BANDWIDTH=${Math.ceil(peak)}`, `AVERAGE-BANDWIDTH=${Math.ceil(average)}`];
      if (codecs) attrs.push(`CODECS="${codecs}"`);
      if (v.width && v.height && hls.StreamInfResolution !== 'EXCLUDE')
        attrs.push(`RESOLUTION=${v.width}x${v.height}`);
      return [`#EXT-X-STREAM-INF:${attrs.join(',')}`, path.basename(v.playlist)];
    }),
  );
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS', ...entries.flat()];
  await writeFile(file, `${lines.join('\n')}\n`);
}
