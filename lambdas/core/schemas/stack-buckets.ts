import { ValidationError } from '../errors';

/**
 * The buckets one deployment serves: uploads to its trigger buckets reach it (EventBridge rule), and
 * MediaConvert may read those and write its output buckets (outputs default to the trigger location,
 * so trigger buckets are writable too). A schema or task naming another bucket would never trigger, or
 * fail with AccessDenied at job time.
 */
export interface StackBuckets {
  trigger: readonly string[];
  output: readonly string[];
}

const list = (names: readonly string[]) => [...new Set(names)].join(', ');

/**
 * Throws ValidationError (InvalidParameter, naming the field and the allowed buckets) when `trigger`,
 * `input` (read) or `output` (write) is a bucket the deployment does not serve. No `buckets`: any.
 */
export function checkStackBuckets(
  names: { trigger?: string; input?: string; output?: string },
  buckets: StackBuckets | undefined,
): void {
  if (!buckets) return;
  const writable = [...buckets.output, ...buckets.trigger];
  if (names.trigger !== undefined && !buckets.trigger.includes(names.trigger)) {
    throw new ValidationError(
      `trigger.bucket ${JSON.stringify(names.trigger)} is not a trigger bucket of this deployment (${list(buckets.trigger)}): uploads to it never reach the service`,
      'trigger.bucket',
    );
  }
  if (names.input !== undefined && !buckets.trigger.includes(names.input)) {
    throw new ValidationError(
      `input.bucket ${JSON.stringify(names.input)} is not a bucket this deployment may read (${list(buckets.trigger)})`,
      'input.bucket',
    );
  }
  if (names.output !== undefined && !writable.includes(names.output)) {
    throw new ValidationError(
      `output.bucket ${JSON.stringify(names.output)} is not a bucket this deployment may write (${list(writable)}): its jobs would fail with AccessDenied`,
      'output.bucket',
    );
  }
}
