/** A request that breaks exactly one documented rule, next to a close variant that passes. */
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';

export interface RuleCase {
  /** What the case shows. */
  name: string;
  /** Breaks this rule and nothing else. */
  breaks: CreateJobCommandInput;
  /** The paths at which the rule reports it, in order. */
  at: string[];
  /** A small change of `breaks` that is valid. */
  passes: CreateJobCommandInput;
}

/** Rule id -> its cases. */
export type RuleCases = Record<string, RuleCase[]>;
