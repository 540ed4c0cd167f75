/** Codec -> settings-object member names, and the codec settings objects a request states. */
import { asObject, type JsonObject } from '../values';
import { memberPath } from '../violation';
import type { AudioView, JobView, OutputView } from './job-view';

/** VideoCodecSettings: "For each codec enum that you choose, define the corresponding settings object." */
export const VIDEO_SETTINGS_MEMBER: Readonly<Record<string, string>> = {
  AV1: 'Av1Settings',
  AVC_INTRA: 'AvcIntraSettings',
  FRAME_CAPTURE: 'FrameCaptureSettings',
  GIF: 'GifSettings',
  H_264: 'H264Settings',
  H_265: 'H265Settings',
  MPEG2: 'Mpeg2Settings',
  PRORES: 'ProresSettings',
  UNCOMPRESSED: 'UncompressedSettings',
  VC3: 'Vc3Settings',
  VP8: 'Vp8Settings',
  VP9: 'Vp9Settings',
  XAVC: 'XavcSettings',
};

/** AudioCodecSettings: "<X>Settings: Required when you set Codec to the value <X>". */
export const AUDIO_SETTINGS_MEMBER: Readonly<Record<string, string>> = {
  AAC: 'AacSettings',
  AC3: 'Ac3Settings',
  AC4: 'Ac4Settings',
  AIFF: 'AiffSettings',
  EAC3: 'Eac3Settings',
  EAC3_ATMOS: 'Eac3AtmosSettings',
  FLAC: 'FlacSettings',
  MP2: 'Mp2Settings',
  MP3: 'Mp3Settings',
  OPUS: 'OpusSettings',
  VORBIS: 'VorbisSettings',
  WAV: 'WavSettings',
};

/** A codec settings object (e.g. H264Settings) stated for the codec the output names. */
export interface StatedSettings {
  /** Path of the settings object, e.g. `...VideoDescription.CodecSettings.H264Settings`. */
  path: string;
  settings: JsonObject;
  codec: string;
  output: OutputView;
}

export interface StatedAudioSettings extends StatedSettings {
  audio: AudioView;
}

/** The video settings objects of outputs (without Preset) whose Codec is one of `codecs`. */
export function videoSettingsOf(job: JobView, codecs: readonly string[]): StatedSettings[] {
  const found: StatedSettings[] = [];
  for (const output of job.explicitOutputs) {
    const codec = output.videoCodec;
    if (codec === undefined || !codecs.includes(codec)) continue;
    const member = VIDEO_SETTINGS_MEMBER[codec]!;
    const settings = asObject(asObject(output.video?.CodecSettings)?.[member]);
    if (!settings) continue;
    found.push({ path: `${output.path}.VideoDescription.CodecSettings.${member}`, settings, codec, output });
  }
  return found;
}

/** The audio settings objects of outputs (without Preset) whose audio Codec is `codec`. */
export function audioSettingsOf(job: JobView, codec: string): StatedAudioSettings[] {
  const member = AUDIO_SETTINGS_MEMBER[codec]!;
  const found: StatedAudioSettings[] = [];
  for (const output of job.explicitOutputs) {
    for (const audio of output.audio) {
      const settings = asObject(audio.codecSettings?.[member]);
      if (audio.codec !== codec || !settings) continue;
      found.push({ path: memberPath(`${audio.path}.CodecSettings`, member), settings, codec, output, audio });
    }
  }
  return found;
}
