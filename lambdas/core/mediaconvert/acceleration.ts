/**
 * The one acceleration policy of every job (ingest, API, explain, local runtime alike).
 *
 * With AccelerationSettings.Mode ENABLED MediaConvert fails a job that accelerated transcoding does not
 * support; with PREFERRED it runs such a job without acceleration (API AccelerationSettings). So
 * ENABLED is sent only on jobs that meet the documented requirements (UG job-requirements,
 * setting-up-accelerated-transcoding); other jobs of an operator who chose ENABLED get PREFERRED.
 */
import type { AccelerationMode, JobSettings as SdkJobSettings } from '@aws-sdk/client-mediaconvert';
import { audioOnlyOutputs } from './output-kinds';

/** Video codecs accelerated transcoding supports, per output container (UG job-requirements). */
const ACCELERATED_VIDEO: Readonly<Record<string, readonly string[]>> = {
  CMFC: ['AV1', 'H_264', 'H_265'],
  MPD: ['AV1', 'H_264', 'H_265'],
  MP4: ['AV1', 'H_264', 'H_265'],
  M3U8: ['H_264', 'H_265'],
  M2TS: ['H_264', 'H_265'],
  RAW: ['H_264', 'H_265'],
  F4V: ['H_264'],
  MXF: ['H_264'],
  MOV: ['H_264'],
  ISMV: ['H_264'],
  WEBM: ['VP8', 'VP9'],
};

/** Why accelerated transcoding would reject these job settings; empty when it supports them. */
export function accelerationBlockers(settings: SdkJobSettings): string[] {
  const reasons: string[] = [];
  const source = settings.TimecodeConfig?.Source;
  if (!source || source === 'EMBEDDED')
    reasons.push('TimecodeConfig.Source must be ZEROBASED or SPECIFIEDSTART');
  (settings.OutputGroups ?? []).forEach((group, gi) => {
    if (audioOnlyOutputs(group).length > 0) reasons.push(`output group ${gi} has audio-only outputs`);
    (group.Outputs ?? []).forEach((output, oi) => {
      const where = `output ${gi}.${oi}`;
      const codec = output.VideoDescription?.CodecSettings?.Codec;
      const container = output.ContainerSettings?.Container ?? '';
      if (codec && !(ACCELERATED_VIDEO[container] ?? []).includes(codec))
        reasons.push(`${where}: ${codec} in ${container || 'no container'} is not accelerated`);
      if (container === 'M2TS' && output.ContainerSettings?.M2tsSettings?.RateMode !== 'VBR')
        reasons.push(`${where}: M2TS needs RateMode VBR`);
      for (const audio of output.AudioDescriptions ?? [])
        if (audio.CodecSettings?.Codec === 'EAC3_ATMOS') reasons.push(`${where}: Dolby Atmos audio`);
      for (const caption of output.CaptionDescriptions ?? []) {
        const type = caption.DestinationSettings?.DestinationType;
        if (type === 'BURN_IN' || type === 'EMBEDDED_PLUS_SCTE20' || type === 'SCTE20_PLUS_EMBEDDED')
          reasons.push(`${where}: ${type} captions`);
      }
    });
  });
  return reasons;
}

/**
 * The AccelerationSettings mode of a job, given the operator's choice: ENABLED only when the job
 * qualifies (else PREFERRED), PREFERRED and DISABLED as chosen, nothing when nothing was chosen.
 */
export function accelerationFor(
  configured: AccelerationMode | undefined,
  settings: SdkJobSettings,
): AccelerationMode | undefined {
  if (configured !== 'ENABLED') return configured;
  return accelerationBlockers(settings).length === 0 ? 'ENABLED' : 'PREFERRED';
}

/**
 * Whether frame captures may join the job of a host with these settings: always without acceleration;
 * with acceleration only when the host's job cannot be accelerated anyway (frame captures would make it
 * ineligible).
 */
export function hostsFrameCaptures(configured: AccelerationMode | undefined, host: SdkJobSettings): boolean {
  return configured === undefined || configured === 'DISABLED' || accelerationBlockers(host).length > 0;
}
