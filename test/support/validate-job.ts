/**
 * Runs the shared MediaConvert CreateJob validator (../shared/mediaconvert/validate-job.mjs) once over
 * many jobs and returns the violations of each job, in order.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const VALIDATOR_PATH = path.resolve(__dirname, '../../../shared/mediaconvert/validate-job.mjs');

export interface JobViolation {
  /** JSON path, e.g. "$.Settings.OutputGroups[0].Outputs[0].VideoDescription.Width". */
  path: string;
  message: string;
}

const LINE = /^stdin\[(\d+)\]: (\$\S*): (.*)$/;
const SUMMARY = /^(\d+) jobs? checked, (\d+) violations?$/;

/** Validates `jobs` (SDK-form CreateJob inputs) in one validator run; result[i] = violations of jobs[i]. */
export function validateJobs(jobs: unknown[]): JobViolation[][] {
  const run = spawnSync(process.execPath, [VALIDATOR_PATH, '-'], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`validate-job.mjs failed (exit ${String(run.status)}): ${run.stderr}`);
  }
  const result: JobViolation[][] = jobs.map(() => []);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  const summary = SUMMARY.exec(lines[lines.length - 1] ?? '');
  if (!summary || Number(summary[1]) !== jobs.length) {
    throw new Error(`unexpected validator output: ${run.stdout.slice(-500)}`);
  }
  for (const line of lines.slice(0, -1)) {
    const m = LINE.exec(line);
    if (!m) throw new Error(`unexpected validator line: ${line}`);
    result[Number(m[1])]!.push({ path: m[2]!, message: m[3]! });
  }
  const total = result.reduce((n, v) => n + v.length, 0);
  if (total !== Number(summary[2]))
    throw new Error(`parsed ${total} violations, the validator reported ${summary[2]}`);
  return result;
}
