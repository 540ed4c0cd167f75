/**
 * S3 naming rules for schema triggers and outputs: bucket names and "directory" key prefixes.
 * Each check returns a "must …" description of the problem, or undefined when the value is fine.
 */

const BUCKET_CHARS = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Problem with an S3 general-purpose bucket name, per AWS's naming rules. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3–63 characters long';
  if (!BUCKET_CHARS.test(name)) {
    return "must contain only lower-case letters, digits, '.' and '-', and start and end with a letter or digit";
  }
  if (name.includes('..')) return "must not contain two adjacent '.'";
  if (IPV4_LIKE.test(name)) return 'must not be formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix '${prefix}'`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix '${suffix}'`;
  return undefined;
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_DIRECTORY_BYTES = 1024;

/** Strips one leading '/' so "/input/" and "input/" name the same prefix. */
export function normaliseDirectory(directory: string): string {
  return directory.startsWith('/') ? directory.slice(1) : directory;
}

/** Problem with a normalised directory: '' (whole bucket) or segments each ending in '/'. */
export function directoryProblem(directory: string): string | undefined {
  if (directory === '') return undefined;
  if (CONTROL_CHARS.test(directory)) return 'must not contain control characters';
  if (Buffer.byteLength(directory, 'utf8') > MAX_DIRECTORY_BYTES) {
    return `must be at most ${MAX_DIRECTORY_BYTES} bytes of UTF-8`;
  }
  if (!directory.endsWith('/')) return "must be '' (whole bucket) or end with '/', e.g. \"input/\"";
  const segments = directory.slice(0, -1).split('/');
  if (segments.some((s) => s === '')) return "must not contain empty segments ('//')";
  if (segments.some((s) => s === '..')) return "must not contain '..' segments";
  return undefined;
}

/**
 * Longest output directory: an output key adds the input's base name (≤ 100 code points, ≤ 400 bytes)
 * and a suffix such as `_adaptive_1000000_20/index_1000000_10.m3u8`, and S3 keys are at most 1024 bytes.
 */
export const MAX_OUTPUT_DIRECTORY_BYTES = 512;

/** Problem with a normalised output directory: a directory problem, or too long for output keys. */
export function outputDirectoryProblem(directory: string): string | undefined {
  const problem = directoryProblem(directory);
  if (problem) return problem;
  if (Buffer.byteLength(directory, 'utf8') > MAX_OUTPUT_DIRECTORY_BYTES) {
    return `must be at most ${MAX_OUTPUT_DIRECTORY_BYTES} bytes of UTF-8 as an output directory (output keys add the input's name and S3 keys are at most 1024 bytes)`;
  }
  return undefined;
}
