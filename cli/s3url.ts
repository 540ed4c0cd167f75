import { UsageError } from './errors';

/** "s3://bucket/key" → { bucket, key } (key may be '' or end with '/' for a directory). */
export function parseS3Url(value: string, what = 'location'): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  if (!m) throw new UsageError(`${what} must look like s3://bucket/path; got ${JSON.stringify(value)}`);
  return { bucket: m[1]!, key: m[2] ?? '' };
}

/** An object: s3://bucket/key with a non-empty key not ending in '/'. */
export function parseS3Object(value: string, what = 'object'): { bucket: string; key: string } {
  const loc = parseS3Url(value, what);
  if (loc.key === '' || loc.key.endsWith('/')) {
    throw new UsageError(
      `${what} must name an object (s3://bucket/dir/file.mp4); got ${JSON.stringify(value)}`,
    );
  }
  return loc;
}

/** A directory: s3://bucket/ or s3://bucket/dir/ ('/' appended when missing). */
export function parseS3Directory(value: string, what = 'directory'): { bucket: string; directory: string } {
  const loc = parseS3Url(value, what);
  const directory = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  return { bucket: loc.bucket, directory };
}
