/** Walks a value against a compiled model shape, collecting a violation (with its JSON path) per problem. */
import type { Bounds, CompiledShape, Constraints, MemberRef } from './compiled-shape';
import { boundsText, withinBounds } from './messages';
import { scalarProblems, typeMessage } from './scalar-checks';
import { closest } from './suggest';
import { isAbsent, isObject, type JsonObject } from './values';
import { indexPath, keyPath, memberPath, type Violation } from './violation';

/** Looks a shape up by absolute id. */
export type ShapeResolver = (id: string) => CompiledShape;

interface Walk {
  out: Violation[];
  resolve: ShapeResolver;
}

/** A JSON object for a structure, union or map: not a Date or binary data, which are objects to JS. */
function isRecord(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    !(value instanceof Date) &&
    !(value instanceof ArrayBuffer) &&
    !ArrayBuffer.isView(value)
  );
}

function unknownMemberMessage(shape: CompiledShape, name: string): string {
  const base = `unknown member ${JSON.stringify(name)} of ${shape.name}`;
  const wireOf = shape.wireNames.get(name);
  if (wireOf !== undefined) {
    const sdkName = JSON.stringify(wireOf);
    return `${base} (${JSON.stringify(name)} is the REST wire name; the SDK input form uses ${sdkName})`;
  }
  const hint = closest(name, shape.members.keys());
  return hint === undefined ? base : `${base} (did you mean ${JSON.stringify(hint)}?)`;
}

function walkStructure(value: JsonObject, shape: CompiledShape, path: string, walk: Walk): void {
  const present: string[] = [];
  let unknown = 0;
  for (const name of Object.keys(value)) {
    const child = value[name];
    if (isAbsent(child)) continue;
    const member = shape.members.get(name);
    if (!member) {
      unknown++;
      walk.out.push({ path: memberPath(path, name), message: unknownMemberMessage(shape, name) });
      continue;
    }
    present.push(name);
    walkMember(child, member, memberPath(path, name), walk);
  }
  if (shape.kind === 'union') {
    if (present.length > 1 || (present.length === 0 && unknown === 0)) {
      const which = present.length === 0 ? 'none is' : `${present.length} are (${present.join(', ')})`;
      walk.out.push({ path, message: `union ${shape.name} takes exactly one member; ${which} set` });
    }
    return;
  }
  for (const name of shape.required) {
    if (isAbsent(value[name])) {
      walk.out.push({
        path: memberPath(path, name),
        message: `missing required member ${JSON.stringify(name)} of ${shape.name}`,
      });
    }
  }
}

function checkCount(count: number, length: Bounds | undefined, unit: string, path: string, walk: Walk): void {
  if (length && !withinBounds(count, length)) {
    walk.out.push({ path, message: `has ${count} ${unit}; allowed: ${boundsText(length)}` });
  }
}

function walkList(
  value: readonly unknown[],
  shape: CompiledShape,
  path: string,
  walk: Walk,
  length?: Bounds,
): void {
  checkCount(value.length, length, 'items', path, walk);
  const element = shape.element;
  const seen = shape.unique ? new Map<string, number>() : undefined;
  value.forEach((item, i) => {
    const itemPath = indexPath(path, i);
    if (isAbsent(item)) {
      if (!shape.sparse) walk.out.push({ path: itemPath, message: `${shape.name} is not sparse: no nulls` });
      return;
    }
    if (element) walkMember(item, element, itemPath, walk);
    if (seen) {
      const key = JSON.stringify(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        walk.out.push({ path: itemPath, message: `duplicate of item [${first}]; ${shape.name} is unique` });
    }
  });
}

function walkMap(value: JsonObject, shape: CompiledShape, path: string, walk: Walk, length?: Bounds): void {
  const keys = Object.keys(value);
  checkCount(keys.length, length, 'entries', path, walk);
  for (const key of keys) {
    const entryPath = keyPath(path, key);
    if (shape.key) {
      const keyShape = walk.resolve(shape.key.target);
      for (const problem of scalarProblems(key, keyShape, keyShape.constraints)) {
        walk.out.push({ path: entryPath, message: `map key: ${problem}` });
      }
    }
    const entry = value[key];
    if (isAbsent(entry)) {
      if (!shape.sparse) walk.out.push({ path: entryPath, message: `${shape.name} is not sparse: no nulls` });
    } else if (shape.value) {
      walkMember(entry, shape.value, entryPath, walk);
    }
  }
}

function walkMember(value: unknown, member: MemberRef, path: string, walk: Walk): void {
  walkShape(value, walk.resolve(member.target), path, walk, member.constraints);
}

function walkShape(value: unknown, shape: CompiledShape, path: string, walk: Walk, own?: Constraints): void {
  const constraints = own ? { ...shape.constraints, ...own } : shape.constraints;
  switch (shape.kind) {
    case 'structure':
    case 'union':
      if (isRecord(value)) walkStructure(value, shape, path, walk);
      else walk.out.push({ path, message: typeMessage(shape, value) });
      return;
    case 'list':
      if (Array.isArray(value)) walkList(value, shape, path, walk, constraints.length);
      else walk.out.push({ path, message: typeMessage(shape, value) });
      return;
    case 'map':
      if (isRecord(value)) walkMap(value, shape, path, walk, constraints.length);
      else walk.out.push({ path, message: typeMessage(shape, value) });
      return;
    default:
      for (const message of scalarProblems(value, shape, constraints)) walk.out.push({ path, message });
  }
}

/** Appends to `out` every way `value` (at JSON path `path`) breaks `shape`. */
export function walkValue(
  value: unknown,
  shape: CompiledShape,
  path: string,
  out: Violation[],
  resolve: ShapeResolver,
): void {
  walkShape(value, shape, path, { out, resolve });
}
