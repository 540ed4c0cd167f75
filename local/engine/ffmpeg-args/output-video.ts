import type { VideoDescription } from '@aws-sdk/client-mediaconvert';
import { imageOverlayFilters } from './image-inserter';
import type { OutputContext } from './types';
import { type FramerateSettings, scaleFilters, specifiedFramerate, targetSize } from './video';

const SETTINGS_MEMBER: Record<string, string> = {
  H_264: 'H264Settings',
  H_265: 'H265Settings',
  VP9: 'Vp9Settings',
  AV1: 'Av1Settings',
  GIF: 'GifSettings',
};

export interface VideoChain {
  filters: string[];
  /** Label of the processed video. */
  label: string;
  width: number;
  height: number;
  /** Output frame rate. */
  fps: number;
}

/**
 * The common video path of an output: frame rate (SPECIFIED), scaling (ScalingBehavior), inserted
 * images. `preFilters` go first (frame capture's sampling).
 */
export function videoChain(ctx: OutputContext, name: string, preFilters: string[] = []): VideoChain {
  const vd = ctx.output.VideoDescription as VideoDescription;
  const vdPath = `${ctx.path}.VideoDescription`;
  const codec = vd.CodecSettings?.Codec ?? '';
  const member = SETTINGS_MEMBER[codec];
  const settings = (member ? (vd.CodecSettings as Record<string, unknown>)[member] : undefined) as
    FramerateSettings | undefined;
  const fr = settings ? specifiedFramerate(settings, `${vdPath}.CodecSettings.${member}`) : undefined;
  const size = targetSize(vd, ctx.timeline);
  const chain = [
    ...preFilters,
    ...(fr ? [`fps=${fr.expr}`] : []),
    ...scaleFilters(vd.ScalingBehavior, size, ctx.timeline),
  ];
  const scaled = `${name}_s`;
  const filters = [`[${ctx.videoLabel}]${chain.join(',')}[${scaled}]`];
  let label = scaled;
  const images = vd.VideoPreprocessors?.ImageInserter?.InsertableImages;
  if (images?.length) {
    const overlay = imageOverlayFilters(
      images,
      `${vdPath}.VideoPreprocessors.ImageInserter.InsertableImages`,
      scaled,
      ctx.imageFiles,
      ctx.inputs,
      ctx.timeline,
    );
    filters.push(...overlay.filters);
    label = overlay.label;
  }
  return { filters, label, ...size, fps: fr?.fps ?? ctx.timeline.fps };
}
