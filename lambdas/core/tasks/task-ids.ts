import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Identity of one uploaded object version, as S3/EventBridge report it. */
export interface UploadIdentity {
  bucket: string;
  /** Decoded object key. */
  key: string;
  versionId?: string;
  etag?: string;
  sequencer?: string;
  schemaId: string;
}

/**
 * The idempotency key of the task a schema creates for one upload: the same object version and schema
 * always give the same key, a re-upload of the same key gives a new one. Prefers the version id
 * ("null", S3's id for unversioned writes, is not unique and is skipped), then the event sequencer,
 * then the ETag (quotes ignored). Throws ValidationError when none of them is given.
 */
export function idempotencyKeyForUpload(upload: UploadIdentity): string {
  const versionId = upload.versionId && upload.versionId !== 'null' ? upload.versionId : undefined;
  const etag = upload.etag?.replace(/^"|"$/g, '') || undefined;
  const identity = versionId
    ? `version:${versionId}`
    : upload.sequencer
      ? `sequencer:${upload.sequencer}`
      : etag
        ? `etag:${etag}`
        : undefined;
  if (!identity) {
    throw new ValidationError(
      `upload s3://${upload.bucket}/${upload.key} has no versionId, sequencer or etag; one is needed to deduplicate events`,
      'versionId',
    );
  }
  return `upload:${sha256Hex(JSON.stringify([upload.schemaId, upload.bucket, upload.key, identity]))}`;
}

/** The idempotency key of a ProcessMedia call made with a caller's SessionId. */
export function idempotencyKeyForSession(sessionId: string): string {
  return `session:${sha256Hex(sessionId)}`;
}

/**
 * A task id derived from the idempotency key and the creation time, sortable by time:
 * "t-20261124T105311Z-" + the first 16 hex digits of sha256(idempotencyKey). Pass a time that is the
 * same for every delivery of the event (e.g. the S3 event time) so redeliveries get the same id.
 */
export function taskIdFor(idempotencyKey: string, createdAt: string): string {
  const ms = Date.parse(createdAt);
  if (Number.isNaN(ms)) {
    throw new ValidationError(
      `createdAt must be an ISO-8601 time; got ${JSON.stringify(createdAt)}`,
      'createdAt',
    );
  }
  const stamp = new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `t-${stamp}-${sha256Hex(idempotencyKey).slice(0, 16)}`;
}
