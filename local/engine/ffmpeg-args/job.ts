import type { OutputGroup } from '@aws-sdk/client-mediaconvert';
import path from 'node:path';
import { unsupported } from '../errors';
import type { OutputGroupDetail } from '../events';
import { buildFileOutput, fileOutputName } from './file-group';
import { buildHlsOutput, type HlsVariant, writeMasterPlaylist } from './hls-group';
import { type Destination, resolveDestination } from './naming';
import { timelineArgs } from './timeline';
import type { BuiltOutput, OutputContext, PreparedInput, Timeline } from './types';

export type LocalGroupDetail = Omit<OutputGroupDetail, 'outputDetails' | 'playlistFilePaths'> & {
  outputDetails: Array<{ files: string[]; durationInMs: number; width?: number; height?: number }>;
  playlistFiles?: string[];
};

/** One output group of the job's ffmpeg command. */
export interface GroupPlan {
  destination: Destination;
  /** Directory that receives the group's files (uploaded as-is to the destination). */
  outDir: string;
  /** After ffmpeg succeeded: write manifests, describe the outputs (local file paths). */
  finalize(): Promise<LocalGroupDetail>;
}

export interface JobPlan {
  /** ffmpeg arguments (without the global -progress/-loglevel options). */
  args: string[];
  groups: GroupPlan[];
}

export interface JobEnv {
  timeline: Timeline;
  inputs: PreparedInput[];
  imageFiles: ReadonlyMap<string, string>;
  encoders: ReadonlySet<string>;
  /** This ffmpeg's main options (`ffmpeg -h long`). */
  ffmpegOptions: ReadonlySet<string>;
  ffprobePath: string;
  /** Empty directory for output group `gi`. */
  outDirOf(gi: number): string;
}

interface PlannedGroup {
  gi: number;
  group: OutputGroup;
  isHls: boolean;
  destination: Destination;
}

function groupOf(group: OutputGroup, gi: number, env: JobEnv): PlannedGroup {
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
  const destination = resolveDestination(dest, `${settingsPath}.Destination`, env.inputs[0]!);
  if (!group.Outputs?.length)
    throw unsupported(`${gPath}.Outputs`, 'an output group needs at least one output');
  return { gi, group, isHls, destination };
}

/**
 * One ffmpeg command for the whole job, as MediaConvert decodes a job's input once: the timeline is
 * decoded once and split to every output of every output group (video and each audio description).
 */
export function planJob(outputGroups: readonly OutputGroup[], env: JobEnv): JobPlan {
  const groups = outputGroups.map((g, gi) => groupOf(g, gi, env));
  const outputs = groups.flatMap((g) => (g.group.Outputs ?? []).map((output, oi) => ({ g, output, oi })));
  const videoLabels = outputs.map(({ g, output, oi }) =>
    output.VideoDescription ? `g${g.gi}v${oi}` : undefined,
  );
  const withVideo = videoLabels.filter((l): l is string => l !== undefined);
  const audioCount = outputs.reduce((n, o) => n + (o.output.AudioDescriptions?.length ?? 0), 0);
  const tl = timelineArgs(env.timeline, audioCount > 0);
  const filters = [...tl.filters];
  filters.push(
    withVideo.length > 1
      ? `[tlv]split=${withVideo.length}${withVideo.map((l) => `[${l}]`).join('')}`
      : withVideo.length === 1
        ? `[tlv]null[${withVideo[0]}]`
        : '[tlv]nullsink',
  );
  const audioLabels = Array.from({ length: audioCount }, (_, i) => `a${i}`);
  if (audioCount > 1) filters.push(`[tla]asplit=${audioCount}${audioLabels.map((l) => `[${l}]`).join('')}`);
  if (audioCount === 1) filters.push(`[tla]anull[${audioLabels[0]}]`);

  const extraInputs: string[][] = [];
  const inputs = { add: (args: string[]) => extraInputs.push(args) - 1 + env.timeline.segments.length };
  const built = new Map<number, BuiltOutput[]>();
  const variants = new Map<number, HlsVariant[]>();
  const names = new Map<number, Set<string>>();
  let nextAudio = 0;
  outputs.forEach(({ g, output, oi }, i) => {
    const ctx: OutputContext = {
      output,
      path: `Settings.OutputGroups[${g.gi}].Outputs[${oi}]`,
      timeline: env.timeline,
      ...(videoLabels[i] ? { videoLabel: videoLabels[i] } : {}),
      audioLabels: audioLabels.slice(nextAudio, (nextAudio += output.AudioDescriptions?.length ?? 0)),
      inputs,
      imageFiles: env.imageFiles,
      encoders: env.encoders,
      ffmpegOptions: env.ffmpegOptions,
      ffprobePath: env.ffprobePath,
    };
    const base = g.destination.base;
    const name = g.isHls ? `${base}${output.NameModifier ?? ''}` : fileOutputName(ctx, base);
    const seen = names.get(g.gi) ?? new Set<string>();
    if (seen.has(name) || (g.isHls && name === base)) {
      throw unsupported(
        `${ctx.path}.NameModifier`,
        `outputs of a group need distinct NameModifiers ("${output.NameModifier ?? ''}" repeats)`,
      );
    }
    names.set(g.gi, seen.add(name));
    const list = built.get(g.gi) ?? [];
    if (g.isHls) {
      const out = buildHlsOutput(
        ctx,
        g.group.OutputGroupSettings!.HlsGroupSettings!,
        env.outDirOf(g.gi),
        base,
      );
      variants.set(g.gi, [...(variants.get(g.gi) ?? []), out.variant]);
      list.push(out);
    } else {
      list.push(buildFileOutput(ctx, env.outDirOf(g.gi), base));
    }
    built.set(g.gi, list);
  });

  const all = [...built.values()].flat();
  const args = [
    ...tl.inputArgs,
    ...extraInputs.flat(),
    '-filter_complex',
    [...filters, ...all.flatMap((b) => b.filters)].join(';'),
    ...all.flatMap((b) => b.args),
  ];
  return {
    args,
    groups: groups.map((g) => ({
      destination: g.destination,
      outDir: env.outDirOf(g.gi),
      async finalize(): Promise<LocalGroupDetail> {
        const outputDetails = await Promise.all((built.get(g.gi) ?? []).map((b) => b.details()));
        if (!g.isHls) return { type: 'FILE_GROUP', outputDetails };
        const master = path.join(env.outDirOf(g.gi), `${g.destination.base}.m3u8`);
        await writeMasterPlaylist(
          master,
          variants.get(g.gi) ?? [],
          g.group.OutputGroupSettings!.HlsGroupSettings!,
          env.ffprobePath,
        );
        return { type: 'HLS_GROUP', outputDetails, playlistFiles: [master] };
      },
    })),
  };
}
