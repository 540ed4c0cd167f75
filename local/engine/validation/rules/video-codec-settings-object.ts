import { asObject, isObject } from '../values';
import { VIDEO_SETTINGS_MEMBER } from './codec-settings';
import { defineRule } from './rule';

/** A video Codec comes with its settings object (H_264 -> H264Settings, ...). */
export const videoCodecSettingsObject = defineRule({
  id: 'video-codec-settings-object',
  url: 'https://docs.aws.amazon.com/mediaconvert/latest/apireference/jobs.html#jobs-model-videocodecsettings',
  constraint:
    'VideoCodecSettings: "For each codec enum that you choose, define the corresponding settings object." ' +
    '(AV1, Av1Settings; AVC_INTRA, AvcIntraSettings; FRAME_CAPTURE, FrameCaptureSettings; GIF, GifSettings; ' +
    'H_264, H264Settings; H_265, H265Settings; MPEG2, Mpeg2Settings; PRORES, ProresSettings; ' +
    'UNCOMPRESSED, UncompressedSettings; VC3, Vc3Settings; VP8, Vp8Settings; VP9, Vp9Settings; XAVC, XavcSettings)',
  apply(job, report) {
    for (const output of job.explicitOutputs) {
      const codec = output.videoCodec;
      const member = codec === undefined ? undefined : VIDEO_SETTINGS_MEMBER[codec];
      if (member === undefined || isObject(asObject(output.video?.CodecSettings)?.[member])) continue;
      report(
        `${output.path}.VideoDescription.CodecSettings.${member}`,
        `Codec ${codec} requires the ${member} object`,
      );
    }
  },
});
