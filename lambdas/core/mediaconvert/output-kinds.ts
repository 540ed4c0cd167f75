/**
 * What kind of output a MediaConvert output is, in the terms AWS's documentation uses for its rules:
 * frame captures (FRAME_CAPTURE video codec), regular video outputs (any other video codec) and
 * audio-only outputs (UG "audio-only": a File group output without video, or an output of an HLS/DASH
 * group whose outputs all lack video).
 */
import type { Output, OutputGroup } from '@aws-sdk/client-mediaconvert';

/** A FRAME_CAPTURE (JPEG) output. */
export function isFrameCapture(output: Output): boolean {
  return output.VideoDescription?.CodecSettings?.Codec === 'FRAME_CAPTURE';
}

/** An output with a video encode other than frame capture. */
export function isRegularVideo(output: Output): boolean {
  return output.VideoDescription !== undefined && !isFrameCapture(output);
}

/** The audio-only outputs of a group (UG "audio-only" definition). */
export function audioOnlyOutputs(group: OutputGroup): Output[] {
  const outputs = group.Outputs ?? [];
  const noVideo = (o: Output) => o.VideoDescription === undefined && (o.AudioDescriptions?.length ?? 0) > 0;
  const type = group.OutputGroupSettings?.Type;
  if (type === 'FILE_GROUP_SETTINGS') return outputs.filter(noVideo);
  return outputs.length > 0 && outputs.every(noVideo) ? outputs : [];
}

/** True when any group of the job has an audio-only output. */
export function hasAudioOnlyOutput(groups: readonly OutputGroup[]): boolean {
  return groups.some((g) => audioOnlyOutputs(g).length > 0);
}

/** True when any output of the job is a regular video output. */
export function hasRegularVideoOutput(groups: readonly OutputGroup[]): boolean {
  return groups.some((g) => (g.Outputs ?? []).some(isRegularVideo));
}
