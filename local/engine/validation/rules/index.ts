/** The registry of documented semantic rules, in the order they are applied and listed. */
import { aacBitrateValues } from './aac-bitrate-values';
import { aacCbrCombination } from './aac-cbr-combination';
import { aacRateControlGroups } from './aac-rate-control-groups';
import { aacRawFormatContainer } from './aac-raw-format-container';
import { accelerationAudioOnly } from './acceleration-audio-only';
import { accelerationCaptions } from './acceleration-captions';
import { accelerationContainerCodec } from './acceleration-container-codec';
import { accelerationDolbyAtmos } from './acceleration-dolby-atmos';
import { accelerationM2tsRateMode } from './acceleration-m2ts-rate-mode';
import { accelerationTimecodeSource } from './acceleration-timecode-source';
import { audioChannelTaggingMov } from './audio-channel-tagging-mov';
import { audioCodecSettingsObject } from './audio-codec-settings-object';
import { audioOnlyCaptions } from './audio-only-captions';
import { audioOnlyContainerCodec } from './audio-only-container-codec';
import { audioOnlySingleAudio } from './audio-only-single-audio';
import { audioOnlyStatusUpdate } from './audio-only-status-update';
import { frameCaptureNeedsRegularOutput } from './frame-capture-needs-regular-output';
import { frameCaptureOutputShape } from './frame-capture-output-shape';
import { imageInserterFileType } from './image-inserter-file-type';
import { imageInserterPosition } from './image-inserter-position';
import { imageInserterUniqueLayer } from './image-inserter-unique-layer';
import { maxOutputResolution } from './max-output-resolution';
import { mp3VbrQuality } from './mp3-vbr-quality';
import { mpdProfileOnDemand } from './mpd-profile-on-demand';
import { opusValues } from './opus-values';
import { outputContainerOrPreset } from './output-container-or-preset';
import { outputGroupSettingsObject } from './output-group-settings-object';
import { outputNameModifier } from './output-name-modifier';
import { parControlSpecified } from './par-control-specified';
import { qvbrSettingsOnlyWithQvbr } from './qvbr-settings-only-with-qvbr';
import { rateControlBitrate } from './rate-control-bitrate';
import { rateControlQvbrMaxBitrate } from './rate-control-qvbr-max-bitrate';
import type { Rule } from './rule';
import { videoCodecSettingsObject } from './video-codec-settings-object';
import { vorbisSampleRate } from './vorbis-sample-rate';

export type { Rule, RuleInfo } from './rule';

export const ALL_RULES: readonly Rule[] = [
  // Frame capture
  frameCaptureNeedsRegularOutput,
  frameCaptureOutputShape,
  // Audio-only outputs
  audioOnlyStatusUpdate,
  audioOnlyCaptions,
  audioOnlySingleAudio,
  audioOnlyContainerCodec,
  // Accelerated transcoding (AccelerationSettings.Mode ENABLED)
  accelerationAudioOnly,
  accelerationContainerCodec,
  accelerationDolbyAtmos,
  accelerationCaptions,
  accelerationM2tsRateMode,
  accelerationTimecodeSource,
  // Output groups and outputs
  outputGroupSettingsObject,
  outputContainerOrPreset,
  outputNameModifier,
  mpdProfileOnDemand,
  // Video
  videoCodecSettingsObject,
  rateControlBitrate,
  rateControlQvbrMaxBitrate,
  qvbrSettingsOnlyWithQvbr,
  parControlSpecified,
  maxOutputResolution,
  // Image overlays
  imageInserterFileType,
  imageInserterPosition,
  imageInserterUniqueLayer,
  // Audio
  audioCodecSettingsObject,
  aacBitrateValues,
  aacCbrCombination,
  aacRateControlGroups,
  aacRawFormatContainer,
  mp3VbrQuality,
  opusValues,
  vorbisSampleRate,
  audioChannelTaggingMov,
];
