/** A problem found in a CreateJob request, and how JSON paths to it are written. */

/** One problem: where it is (a JSON path such as `$.Settings.OutputGroups[0].Outputs[1]`) and what it is. */
export interface Violation {
  path: string;
  message: string;
  /** The id of the documented semantic rule that was broken; absent for model (schema) violations. */
  rule?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The path of member `name` of the object at `path`: `$.Role`, or `$["odd name"]` when not an identifier. */
export function memberPath(path: string, name: string): string {
  return IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/** The path of element `index` of the list at `path`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** The path of map entry `key` of the map at `path`: always bracketed, e.g. `$.UserMetadata["assetId"]`. */
export function keyPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

/** One `path: message` line per violation. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.path}: ${v.message}`).join('\n');
}
