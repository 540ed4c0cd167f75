/**
 * A read-only view of a CreateJob request for the semantic rules: output groups and outputs with their
 * JSON paths, containers, codecs and the User Guide's notion of an audio-only output. Members of the
 * wrong JSON type read as absent (the model check reports them).
 */
import { asList, asObject, asString, isAbsent, isObject, type JsonObject } from '../values';
import { indexPath, memberPath } from '../violation';

export interface AudioView {
  /** `...Outputs[o].AudioDescriptions[a]` */
  path: string;
  description: JsonObject;
  codec?: string;
  codecSettings?: JsonObject;
}

export interface OutputView {
  /** `$.Settings.OutputGroups[g].Outputs[o]` */
  path: string;
  output: JsonObject;
  group: GroupView;
  /** The output takes its settings from a Preset, so the rules can't see them. */
  usesPreset: boolean;
  /** ContainerSettings.Container */
  container?: string;
  video?: JsonObject;
  /** VideoDescription.CodecSettings.Codec */
  videoCodec?: string;
  /** The AudioDescriptions entries that are objects (paths keep their original index). */
  audio: readonly AudioView[];
  /** UG "audio-only": see isAudioOnly. */
  audioOnly: boolean;
}

export interface GroupView {
  /** `$.Settings.OutputGroups[g]` */
  path: string;
  /** OutputGroupSettings.Type */
  type?: string;
  /** OutputGroupSettings */
  settings?: JsonObject;
  outputs: OutputView[];
}

export interface JobView {
  request: JsonObject;
  settings?: JsonObject;
  groups: readonly GroupView[];
  /** Every output of every group, in order. */
  outputs: readonly OutputView[];
  /** The outputs that state their own settings (no Preset). */
  explicitOutputs: readonly OutputView[];
  usesJobTemplate: boolean;
  /** AccelerationSettings.Mode is ENABLED: incompatible jobs fail instead of running unaccelerated. */
  accelerationEnabled: boolean;
}

/** Groups whose outputs are all audio-only when none of them has video (UG audio-only). */
const STREAMING_GROUPS = new Set(['HLS_GROUP_SETTINGS', 'DASH_ISO_GROUP_SETTINGS', 'CMAF_GROUP_SETTINGS']);

function audioOf(output: JsonObject, path: string): AudioView[] {
  const list = asList(output.AudioDescriptions);
  const views: AudioView[] = [];
  list.forEach((entry, a) => {
    const description = asObject(entry);
    if (!description) return;
    const codecSettings = asObject(description.CodecSettings);
    const view: AudioView = { path: indexPath(memberPath(path, 'AudioDescriptions'), a), description };
    if (codecSettings) view.codecSettings = codecSettings;
    const codec = asString(codecSettings?.Codec);
    if (codec !== undefined) view.codec = codec;
    views.push(view);
  });
  return views;
}

function outputOf(entry: JsonObject, path: string, group: GroupView): OutputView {
  const view: OutputView = {
    path,
    output: entry,
    group,
    usesPreset: !isAbsent(entry.Preset),
    audio: audioOf(entry, path),
    audioOnly: false,
  };
  const container = asString(asObject(entry.ContainerSettings)?.Container);
  if (container !== undefined) view.container = container;
  const video = asObject(entry.VideoDescription);
  if (video) {
    view.video = video;
    const codec = asString(asObject(video.CodecSettings)?.Codec);
    if (codec !== undefined) view.videoCodec = codec;
  }
  return view;
}

/**
 * UG audio-only: an output without video in a File group, or any output of an HLS, DASH ISO or CMAF
 * group none of whose outputs has video. It must have audio (a captions-only sidecar is not audio-only),
 * and Preset outputs count as unknown (maybe video), so neither they nor their group's outputs qualify.
 */
function markAudioOnly(group: GroupView): void {
  const noVideo = (o: OutputView): boolean => !o.usesPreset && !o.video;
  const candidates =
    group.type === 'FILE_GROUP_SETTINGS' ||
    (STREAMING_GROUPS.has(group.type ?? '') && group.outputs.every(noVideo))
      ? group.outputs
      : [];
  for (const output of candidates) {
    output.audioOnly = noVideo(output) && asList(output.output.AudioDescriptions).length > 0;
  }
}

function groupOf(entry: JsonObject, path: string): GroupView {
  const settings = asObject(entry.OutputGroupSettings);
  const group: GroupView = { path, outputs: [] };
  if (settings) group.settings = settings;
  const type = asString(settings?.Type);
  if (type !== undefined) group.type = type;
  const outputsPath = memberPath(path, 'Outputs');
  asList(entry.Outputs).forEach((output, o) => {
    if (isObject(output)) group.outputs.push(outputOf(output, indexPath(outputsPath, o), group));
  });
  markAudioOnly(group);
  return group;
}

/** The view of `request`, or undefined when it isn't an object at all. */
export function jobView(request: unknown): JobView | undefined {
  if (!isObject(request)) return undefined;
  const settings = asObject(request.Settings);
  const groups: GroupView[] = [];
  const groupsPath = '$.Settings.OutputGroups';
  asList(settings?.OutputGroups).forEach((group, g) => {
    if (isObject(group)) groups.push(groupOf(group, indexPath(groupsPath, g)));
  });
  const outputs = groups.flatMap((g) => g.outputs);
  const view: JobView = {
    request,
    groups,
    outputs,
    explicitOutputs: outputs.filter((o) => !o.usesPreset),
    usesJobTemplate: !isAbsent(request.JobTemplate),
    accelerationEnabled: asObject(request.AccelerationSettings)?.Mode === 'ENABLED',
  };
  if (settings) view.settings = settings;
  return view;
}
