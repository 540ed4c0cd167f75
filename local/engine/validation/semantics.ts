/** Applies every documented semantic rule to a CreateJob request. */
import { jobView } from './rules/job-view';
import { ALL_RULES } from './rules';
import type { Violation } from './violation';

/** The semantic violations of `request`, rule by rule in registry order. */
export function checkSemantics(request: unknown): Violation[] {
  const job = jobView(request);
  return job ? ALL_RULES.flatMap((rule) => rule.checkView(job)) : [];
}
