/**
 * Turns Smithy shapes into the form the walker checks against: member tables, enum value sets,
 * compiled patterns and numeric bounds, prepared once per shape.
 */
import { shapeName, TRAIT, type SmithyMember, type SmithyShape, type SmithyTraits } from './smithy';
import { asNumber, asString, isObject } from './values';

/** What kind of JSON value a shape accepts. */
export type ShapeKind =
  | 'structure'
  | 'union'
  | 'list'
  | 'map'
  | 'string'
  | 'enum'
  | 'intEnum'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'timestamp'
  | 'blob'
  | 'document';

export interface Bounds {
  min?: number;
  max?: number;
}

export interface Pattern {
  source: string;
  regex: RegExp;
}

/** `@range`, `@length` and `@pattern`, from a shape and, overriding it, from a member. */
export interface Constraints {
  range?: Bounds;
  length?: Bounds;
  pattern?: Pattern;
}

/** A reference to a shape from a structure member or a list/map element. */
export interface MemberRef {
  name: string;
  target: string;
  required: boolean;
  /** Constraint traits placed on the member itself; undefined when it has none. */
  constraints?: Constraints;
}

export interface CompiledShape {
  id: string;
  name: string;
  kind: ShapeKind;
  constraints: Constraints;
  /** Structure and union members by SDK (PascalCase) name. */
  members: ReadonlyMap<string, MemberRef>;
  required: readonly string[];
  /** REST wire name (`smithy.api#jsonName`) -> member name. */
  wireNames: ReadonlyMap<string, string>;
  element?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  /** enum / intEnum values, in model order. */
  enumValues: readonly (string | number)[];
  enumSet: ReadonlySet<string | number>;
  /** Bounds of the integer type itself (byte, short, integer). */
  typeBounds?: Bounds;
  sparse: boolean;
  unique: boolean;
}

const INTEGER_BOUNDS: Readonly<Record<string, Bounds>> = {
  byte: { min: -128, max: 127 },
  short: { min: -32768, max: 32767 },
  integer: { min: -2147483648, max: 2147483647 },
};

const KIND_OF_TYPE: Readonly<Record<string, ShapeKind>> = {
  structure: 'structure',
  union: 'union',
  list: 'list',
  set: 'list',
  map: 'map',
  string: 'string',
  enum: 'enum',
  intEnum: 'intEnum',
  byte: 'integer',
  short: 'integer',
  integer: 'integer',
  long: 'integer',
  bigInteger: 'integer',
  float: 'number',
  double: 'number',
  bigDecimal: 'number',
  boolean: 'boolean',
  timestamp: 'timestamp',
  blob: 'blob',
  document: 'document',
};

/** The Smithy prelude shapes (`smithy.api#String`, `smithy.api#PrimitiveInteger`, ...) as plain shapes. */
export function preludeShape(id: string): SmithyShape | undefined {
  if (!id.startsWith('smithy.api#')) return undefined;
  const name = shapeName(id).replace(/^Primitive/, '');
  if (name === 'Unit') return { type: 'structure', members: {} };
  const type = name.charAt(0).toLowerCase() + name.slice(1);
  return type in KIND_OF_TYPE ? { type } : undefined;
}

function bounds(trait: unknown): Bounds | undefined {
  if (!isObject(trait)) return undefined;
  const result: Bounds = {};
  const min = asNumber(trait.min);
  const max = asNumber(trait.max);
  if (min !== undefined) result.min = min;
  if (max !== undefined) result.max = max;
  return result;
}

const patterns = new Map<string, Pattern>();

/** Smithy patterns are ECMA-262 regexes, not implicitly anchored; `u` is used when the pattern allows it. */
function compilePattern(source: string): Pattern {
  let pattern = patterns.get(source);
  if (!pattern) {
    let regex: RegExp;
    try {
      regex = new RegExp(source, 'u');
    } catch {
      regex = new RegExp(source);
    }
    pattern = { source, regex };
    patterns.set(source, pattern);
  }
  return pattern;
}

function constraintsOf(traits: SmithyTraits | undefined): Constraints | undefined {
  if (!traits) return undefined;
  const result: Constraints = {};
  const range = bounds(traits[TRAIT.range]);
  const length = bounds(traits[TRAIT.length]);
  const pattern = asString(traits[TRAIT.pattern]);
  if (range) result.range = range;
  if (length) result.length = length;
  if (pattern !== undefined) result.pattern = compilePattern(pattern);
  return Object.keys(result).length > 0 ? result : undefined;
}

function memberRef(name: string, member: SmithyMember): MemberRef {
  const ref: MemberRef = { name, target: member.target, required: TRAIT.required in (member.traits ?? {}) };
  const constraints = constraintsOf(member.traits);
  if (constraints) ref.constraints = constraints;
  return ref;
}

function enumValuesOf(shape: SmithyShape): (string | number)[] {
  if (shape.type === 'enum' || shape.type === 'intEnum') {
    return Object.entries(shape.members ?? {}).map(([name, member]) => {
      const value = member.traits?.[TRAIT.enumValue];
      return typeof value === 'string' || typeof value === 'number' ? value : name;
    });
  }
  const legacy = shape.traits?.[TRAIT.enum];
  if (!Array.isArray(legacy)) return [];
  return legacy.flatMap((entry: unknown) => {
    const value = isObject(entry) ? asString(entry.value) : undefined;
    return value === undefined ? [] : [value];
  });
}

/** Prepares `shape` (whose id is `id`) for checking. Throws for shapes that aren't data (operations...). */
export function compileShape(id: string, shape: SmithyShape): CompiledShape {
  const enumValues = enumValuesOf(shape);
  let kind = KIND_OF_TYPE[shape.type];
  if (!kind) throw new Error(`shape ${id} has type ${shape.type}, which is not a data shape`);
  if (kind === 'string' && enumValues.length > 0) kind = 'enum';
  const isAggregate = kind === 'structure' || kind === 'union';
  const members = new Map<string, MemberRef>();
  const wireNames = new Map<string, string>();
  for (const [name, member] of isAggregate ? Object.entries(shape.members ?? {}) : []) {
    members.set(name, memberRef(name, member));
    const wire = asString(member.traits?.[TRAIT.jsonName]);
    if (wire !== undefined && wire !== name) wireNames.set(wire, name);
  }
  const compiled: CompiledShape = {
    id,
    name: shapeName(id),
    kind,
    constraints: constraintsOf(shape.traits) ?? {},
    members,
    required: [...members.values()].filter((m) => m.required).map((m) => m.name),
    wireNames,
    enumValues,
    enumSet: new Set(enumValues),
    sparse: TRAIT.sparse in (shape.traits ?? {}),
    unique: shape.type === 'set' || TRAIT.uniqueItems in (shape.traits ?? {}),
  };
  if (shape.member) compiled.element = memberRef('member', shape.member);
  if (shape.key) compiled.key = memberRef('key', shape.key);
  if (shape.value) compiled.value = memberRef('value', shape.value);
  const typeBounds = INTEGER_BOUNDS[shape.type];
  if (typeBounds) compiled.typeBounds = typeBounds;
  return compiled;
}
