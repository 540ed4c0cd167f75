import type { Output } from '@aws-sdk/client-mediaconvert';
import type { AnimatedGraphicsTemplate } from '../model';

/** A native GIF output (GIF codec in the GIF container) at the template's fps and size. */
export function gifOutput(t: AnimatedGraphicsTemplate): Output {
  return {
    ContainerSettings: { Container: 'GIF' },
    VideoDescription: {
      ...(t.width > 0 ? { Width: t.width } : {}),
      ...(t.height > 0 ? { Height: t.height } : {}),
      ScalingBehavior: 'DEFAULT',
      CodecSettings: {
        Codec: 'GIF',
        GifSettings: {
          FramerateControl: 'SPECIFIED',
          FramerateNumerator: t.fps,
          FramerateDenominator: 1,
          FramerateConversionAlgorithm: 'DUPLICATE_DROP',
        },
      },
    },
  };
}
