/**
 * The project's validator of MediaConvert CreateJob requests in AWS SDK v3 input form (the PascalCase
 * members passed to `new CreateJobCommand({...})`): AWS's official service model, then the semantic
 * rules AWS documents but the model can't express. See rules/ and model/SOURCE.md.
 */
import { checkAgainstModel, CREATE_JOB_REQUEST } from './model';
import { ALL_RULES, type RuleInfo } from './rules';
import { checkSemantics } from './semantics';
import type { Violation } from './violation';

export { formatViolations, type Violation } from './violation';
export { checkAgainstAwsModel } from './model';
export type { RuleInfo } from './rules';

export interface ValidateOptions {
  /** Check the service model only, without the documented semantic rules. */
  modelOnly?: boolean;
}

/**
 * Every violation in `request`: model violations first, then semantic ones (with `rule` set). A semantic
 * violation at a path that already has a model violation is left out. [] means valid.
 */
export function validateCreateJob(request: unknown, opts: ValidateOptions = {}): Violation[] {
  const model = checkAgainstModel(request, CREATE_JOB_REQUEST);
  if (opts.modelOnly) return model;
  const flagged = new Set(model.map((v) => v.path));
  return [...model, ...checkSemantics(request).filter((v) => !flagged.has(v.path))];
}

/** The model violations of `value` against a MediaConvert shape, e.g. `validateShape(s, 'JobSettings')`. */
export function validateShape(value: unknown, shape: string): Violation[] {
  return checkAgainstModel(value, shape);
}

/** The documented semantic rules: id, AWS documentation page and the constraint it states. */
export const RULES: ReadonlyArray<RuleInfo> = Object.freeze(
  ALL_RULES.map(({ id, url, constraint }) => Object.freeze({ id, url, constraint })),
);
