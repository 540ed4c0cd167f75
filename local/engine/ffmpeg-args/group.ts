import type { OutputGroup } from '@aws-sdk/client-mediaconvert';
import path from 'node:path';
import { unsupported } from '../errors';
import type { OutputGroupDetail } from '../events';
import { buildFileOutput, fileOutputName } from './file-group';
import { buildHlsOutput, type HlsVariant, writeMasterPlaylist } from './hls-group';
import { type Destination, resolveDestination } from './naming';
import { timelineArgs } from './timeline';
import type { BuiltOutput, OutputContext, PreparedInput, Timeline } from './types';

export interface GroupPlan {
  /** ffmpeg arguments (without the global -progress/-loglevel options). */
  args: string[];
  destination: Destination;
  /** After ffmpeg succeeded: write manifests, describe the outputs (local file paths). */
  finalize(): Promise<LocalGroupDetail>;
}

export type LocalGroupDetail = Omit<OutputGroupDetail, 'outputDetails' | 'playlistFilePaths'> & {
  outputDetails: Array<{ files: string[]; durationInMs: number; width?: number; height?: number }>;
  playlistFiles?: string[];
};

export interface GroupEnv {
  timeline: Timeline;
  inputs: PreparedInput[];
  imageFiles: ReadonlyMap<string, string>;
  encoders: ReadonlySet<string>;
  ffprobePath: string;
  /** Empty directory that receives this group's files (uploaded as-is to the destination). */
  outDir: string;
}

/** One ffmpeg command for a whole output group: the timeline decoded once, split to every output. */
export function planGroup(group: OutputGroup, gi: number, env: GroupEnv): GroupPlan {
  const gPath = `Settings.OutputGroups[${gi}]`;
  const ogs = group.OutputGroupSettings;
  const type = ogs?.Type;
  const isHls = type === 'HLS_GROUP_SETTINGS';
  if (type !== 'FILE_GROUP_SETTINGS' && !isHls)
    throw unsupported(
      `${gPath}.OutputGroupSettings.Type`,
      `${type ?? '(missing)'} (supported: FILE_GROUP_SETTINGS, HLS_GROUP_SETTINGS)`,
    );
  const settingsPath = `${gPath}.OutputGroupSettings.${isHls ? 'HlsGroupSettings' : 'FileGroupSettings'}`;
  const dest = isHls ? ogs?.HlsGroupSettings?.Destination : ogs?.FileGroupSettings?.Destination;
  const destination = resolveDestination(dest, `${settingsPath}.Destination`, env.inputs[0]);
  const outputs = group.Outputs ?? [];
  if (outputs.length === 0)
    throw unsupported(`${gPath}.Outputs`, 'an output group needs at least one output');

  const videoCount = outputs.filter((o) => o.VideoDescription).length;
  const audioCount = outputs.reduce((n, o) => n + (o.AudioDescriptions?.length ?? 0), 0);
  const tl = timelineArgs(env.timeline, audioCount > 0);
  const filters = [...tl.filters];
  const vLabels = outputs.map((_, i) => `g${gi}v${i}`);
  const withVideo = outputs
    .map((o, i) => (o.VideoDescription ? vLabels[i] : undefined))
    .filter((l): l is string => !!l);
  filters.push(
    videoCount > 0 ? `[tlv]split=${videoCount}${withVideo.map((l) => `[${l}]`).join('')}` : '[tlv]nullsink',
  );
  const aLabels = Array.from({ length: audioCount }, (_, i) => `g${gi}a${i}`);
  if (audioCount > 0) filters.push(`[tla]asplit=${audioCount}${aLabels.map((l) => `[${l}]`).join('')}`);

  const extraInputs: string[][] = [];
  const inputs = { add: (args: string[]) => extraInputs.push(args) - 1 + env.timeline.segments.length };
  const names = new Set<string>();
  const built: BuiltOutput[] = [];
  const variants: HlsVariant[] = [];
  let nextAudio = 0;
  outputs.forEach((output, oi) => {
    const ctx: OutputContext = {
      output,
      path: `${gPath}.Outputs[${oi}]`,
      timeline: env.timeline,
      ...(output.VideoDescription ? { videoLabel: vLabels[oi] } : {}),
      audioLabels: aLabels.slice(nextAudio, (nextAudio += output.AudioDescriptions?.length ?? 0)),
      inputs,
      imageFiles: env.imageFiles,
      encoders: env.encoders,
      ffprobePath: env.ffprobePath,
    };
    const name = isHls
      ? `${destination.base}${output.NameModifier ?? ''}`
      : fileOutputName(ctx, destination.base);
    if (names.has(name) || (isHls && name === destination.base)) {
      throw unsupported(
        `${ctx.path}.NameModifier`,
        `outputs of a group need distinct NameModifiers ("${output.NameModifier ?? ''}" repeats)`,
      );
    }
    names.add(name);
    if (isHls) {
      const out = buildHlsOutput(ctx, ogs!.HlsGroupSettings!, env.outDir, destination.base);
      variants.push(out.variant);
      built.push(out);
    } else {
      built.push(buildFileOutput(ctx, env.outDir, destination.base));
    }
  });

  const args = [
    ...tl.inputArgs,
    ...extraInputs.flat(),
    '-filter_complex',
    [...filters, ...built.flatMap((b) => b.filters)].join(';'),
    ...built.flatMap((b) => b.args),
  ];
  return {
    args,
    destination,
    async finalize() {
      const outputDetails = [];
      for (const b of built) outputDetails.push(await b.details());
      if (!isHls) return { type: 'FILE_GROUP', outputDetails };
      const master = path.join(env.outDir, `${destination.base}.m3u8`);
      await writeMasterPlaylist(master, variants, ogs!.HlsGroupSettings!);
      return { type: 'HLS_GROUP', outputDetails, playlistFiles: [master] };
    },
  };
}
