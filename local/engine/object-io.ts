/** The object store the engine reads inputs from and writes outputs to (S3 in the local runtime). */
export interface ObjectIO {
  /** Downloads s3://bucket/key to a local file; rejects when the object does not exist. */
  getObjectToFile(bucket: string, key: string, path: string): Promise<void>;
  putFile(bucket: string, key: string, path: string, contentType: string): Promise<void>;
}

export interface S3Uri {
  bucket: string;
  key: string;
}

/** `s3://bucket/key` → parts; undefined for other schemes. The key is used as written (not URL-decoded). */
export function parseS3Uri(uri: string): S3Uri | undefined {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/MP2T',
};

export function contentTypeFor(fileName: string): string {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
