/** The parts of the Smithy 2.0 JSON AST (https://smithy.io/2.0/spec/json-ast.html) the validator reads. */

/** Trait id -> trait value, e.g. `"smithy.api#range": { "min": 0, "max": 10 }`. */
export type SmithyTraits = Readonly<Record<string, unknown>>;

/** A member of a structure, union or enum, or the member/key/value of a list or map. */
export interface SmithyMember {
  readonly target: string;
  readonly traits?: SmithyTraits;
}

export interface SmithyShape {
  /** structure, union, list, set, map, string, enum, intEnum, integer, double, timestamp, ... */
  readonly type: string;
  readonly members?: Readonly<Record<string, SmithyMember>>;
  readonly member?: SmithyMember;
  readonly key?: SmithyMember;
  readonly value?: SmithyMember;
  readonly traits?: SmithyTraits;
}

export interface SmithyModel {
  readonly smithy: string;
  /** Absolute shape id (`namespace#Name`) -> shape. */
  readonly shapes: Readonly<Record<string, SmithyShape>>;
}

export const TRAIT = {
  required: 'smithy.api#required',
  range: 'smithy.api#range',
  length: 'smithy.api#length',
  pattern: 'smithy.api#pattern',
  enum: 'smithy.api#enum',
  enumValue: 'smithy.api#enumValue',
  jsonName: 'smithy.api#jsonName',
  sparse: 'smithy.api#sparse',
  uniqueItems: 'smithy.api#uniqueItems',
} as const;

/** The shape name after the namespace: `com.amazonaws.mediaconvert#JobSettings` -> `JobSettings`. */
export function shapeName(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}
