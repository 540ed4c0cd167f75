/** The shape of a documented semantic rule (cdk-nag style), and the helper that defines one. */
import type { Violation } from '../violation';
import { jobView, type JobView } from './job-view';

/** What a rule is and where AWS documents it. */
export interface RuleInfo {
  /** Stable kebab-case id, e.g. `frame-capture-needs-regular-output`. */
  readonly id: string;
  /** The AWS documentation page that states the constraint. */
  readonly url: string;
  /** A short quote or paraphrase of the documented constraint. */
  readonly constraint: string;
}

export interface Rule extends RuleInfo {
  /** The violations of this rule in a CreateJob request (SDK input form); [] when it holds. */
  check(request: unknown): Violation[];
  /** The same, on a view already built (one view serves every rule). */
  checkView(job: JobView): Violation[];
}

/** Records a violation at `path`; the rule id and page are appended to `message`. */
export type Report = (path: string, message: string) => void;

export interface RuleDefinition extends RuleInfo {
  /**
   * The rule judges the job as a whole (e.g. "there is a regular output"), so it is skipped when the
   * request names a JobTemplate, which may supply what the request leaves out.
   */
  readonly wholeJob?: boolean;
  readonly apply: (job: JobView, report: Report) => void;
}

/** Turns a definition into a rule whose messages end with `(<rule id>, <doc url>)`. */
export function defineRule(definition: RuleDefinition): Rule {
  const { id, url, constraint, wholeJob = false, apply } = definition;
  const checkView = (job: JobView): Violation[] => {
    if (wholeJob && job.usesJobTemplate) return [];
    const violations: Violation[] = [];
    apply(job, (path, message) => violations.push({ path, message: `${message} (${id}, ${url})`, rule: id }));
    return violations;
  };
  return {
    id,
    url,
    constraint,
    checkView,
    check: (request) => {
      const job = jobView(request);
      return job ? checkView(job) : [];
    },
  };
}
