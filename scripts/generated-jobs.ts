/**
 * Prints every CreateJob request the job builder can produce (test/unit/mediaconvert/job-matrix.ts: all
 * presets and test templates × item types × watermark sets, alone and sharing jobs, under every
 * acceleration choice, for two sources; and the cover jobs of AI analyses, coverJobs) as one JSON array,
 * for external validators:
 *
 *   npx tsx scripts/generated-jobs.ts > jobs.json && node ../shared/mediaconvert/validate-job.mjs jobs.json
 *
 * Exits 1 (after printing) if any job has a frame capture but no regular video output.
 */
import { hasRegularVideoOutput, isFrameCapture } from '../lambdas/core/mediaconvert';
import { allJobs, coverJobs, SOURCE } from '../test/unit/mediaconvert/job-matrix';

const jobs = [
  ...[
    ...allJobs(),
    ...allJobs({ ...SOURCE, width: 1440, height: 1080, frameRate: 25, durationSeconds: 12 }),
  ].map((j) => j.job),
  ...coverJobs(),
];
process.stdout.write(`${JSON.stringify(jobs)}\n`);
const frameCaptureOnly = jobs.filter((job) => {
  const groups = job.Settings?.OutputGroups ?? [];
  const frames = groups.some((g) => (g.Outputs ?? []).some(isFrameCapture));
  return frames && !hasRegularVideoOutput(groups);
});
console.error(
  `${jobs.length} generated jobs; ${frameCaptureOnly.length} with a frame capture but no regular video output`,
);
process.exitCode = frameCaptureOnly.length > 0 ? 1 : 0;
