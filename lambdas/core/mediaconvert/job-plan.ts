/**
 * Which subtasks of a task run in which MediaConvert job.
 *
 * MediaConvert runs frame captures only in jobs that also have a regular video output (UG
 * file-group-with-frame-capture-output). So, among the subtasks submitted together:
 * - sampled snapshots and sprite frames (frame captures over the whole source) ride along in the job of
 *   the first transcode or adaptive-streaming subtask that encodes video from the whole, unclipped
 *   source (a "host"): one decode, no extra output. With acceleration on, they do not: a frame capture
 *   makes a job ineligible for accelerated transcoding, and the transcode should stay fast.
 * - without a host they share one job, with a companion output (companion.ts);
 * - snapshots at time offsets stitch one clipped input per offset, so they always run alone, with a
 *   companion output;
 * - everything else runs alone, as before.
 * Planning is deterministic in the set of subtasks given, so a redelivered message that finds the same
 * subtasks pending submits the same jobs (same ClientRequestToken).
 */
import type { JobPart } from './subtask-part';

export interface JobPlan {
  /** The subtasks of the job; the first is the lead, whose inputs the job uses. */
  parts: JobPart[];
  /** True when the job gets a companion output (its parts have only frame captures). */
  companion: boolean;
}

export interface PlanOptions {
  /** Whether a host may take the frame captures (acceleration: see acceleration.ts). */
  canHost(part: JobPart): boolean;
  /**
   * Whether frame captures without a host share one companion job (true), or each runs alone (false:
   * the fallback when MediaConvert refused a shared job, so that one subtask cannot fail the others).
   */
  share: boolean;
}

/** Groups `parts` (in subtask order) into jobs, ordered by their lead subtask. */
export function planJobs(parts: readonly JobPart[], opts: PlanOptions): JobPlan[] {
  const attachables = parts.filter((p) => p.role === 'attachable');
  const host = opts.share ? parts.find((p) => p.role === 'host' && opts.canHost(p)) : undefined;
  const plans: JobPlan[] = [];
  if (attachables.length > 0 && !host) {
    if (opts.share) plans.push({ parts: attachables, companion: true });
    else plans.push(...attachables.map((part) => ({ parts: [part], companion: true })));
  }
  for (const part of parts) {
    if (part.role === 'attachable') continue;
    if (part === host) plans.push({ parts: [part, ...attachables], companion: false });
    else plans.push({ parts: [part], companion: part.framesOnly });
  }
  return plans.sort((a, b) => a.parts[0]!.subtask.no - b.parts[0]!.subtask.no);
}
