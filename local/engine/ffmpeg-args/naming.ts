import { unsupported } from '../errors';
import { parseS3Uri } from '../object-io';
import type { PreparedInput } from './types';

export interface Destination {
  bucket: string;
  /** Key prefix of the output "directory", ending with '/' or empty. */
  dirKey: string;
  /** File name base: the destination's last segment, or the first input's name without extension. */
  base: string;
}

/**
 * Resolves an output group Destination the way MediaConvert does: `s3://b/dir/` → base name from the
 * first input file; `s3://b/dir/name` → base `name`.
 */
export function resolveDestination(
  dest: string | undefined,
  path: string,
  firstInput: PreparedInput,
): Destination {
  if (!dest) throw unsupported(path, 'a Destination is required');
  const s3 = parseS3Uri(dest);
  if (!s3) throw unsupported(path, `only s3:// destinations are supported, got "${dest}"`);
  if (/\$[A-Za-z]+\$/.test(dest))
    throw unsupported(path, 'format identifiers ($dt$, $rv$…) are not supported');
  const slash = s3.key.lastIndexOf('/');
  const dirKey = s3.key.slice(0, slash + 1);
  const last = s3.key.slice(slash + 1);
  return { bucket: s3.bucket, dirKey, base: last || inputBaseName(firstInput.uri) };
}

export function inputBaseName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
