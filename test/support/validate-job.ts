/**
 * Validates CreateJob requests with the project's validator (local/engine/validation: AWS's official
 * MediaConvert model and the documented rules). CI also runs ../shared's validator over every job the
 * builder can produce, when that folder is present (scripts/generated-jobs.ts).
 */
import { validateCreateJob } from '../../local/engine/validation';

export interface JobViolation {
  /** JSON path, e.g. "$.Settings.OutputGroups[0].Outputs[0].VideoDescription.Width". */
  path: string;
  message: string;
}

/** The violations of each of `jobs` (SDK-form CreateJob inputs); result[i] = violations of jobs[i]. */
export function validateJobs(jobs: readonly unknown[]): JobViolation[][] {
  return jobs.map((job) => validateCreateJob(job).map(({ path, message }) => ({ path, message })));
}
