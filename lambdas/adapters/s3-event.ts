/**
 * Normalises S3 "object created" events into {@link UploadEvent}s — the one place where object keys
 * are URL-decoded.
 *
 * Key encoding: S3 notifications (`Records[].s3.object.key`) carry keys URL-encoded, form style (a
 * space becomes '+', a literal '+' is '%2B', '%' is '%25', non-ASCII is UTF-8 percent-encoded). For
 * EventBridge "Object Created" events (`detail.object.key`) the evidence is mixed (AWS samples show
 * keys as-is, Powertools decodes them). So with `keysEncoded: true` the key is decoded ('+' → ' ', then
 * decodeURIComponent) and, when that changes it, the key as sent is kept as `keyAsSent`: the ingest
 * service asks S3 which of the two is the object. A key that cannot be decoded (a bare '%') was not
 * encoded and is used as sent. The local runtime emits encoded keys, like S3 notifications.
 */
import { ValidationError } from '../core/errors';
import { isJsonObject } from '../core/json';
import type { UploadEvent } from '../core/ports';

export interface S3EventOptions {
  /** Keys in the event are URL-encoded (true for real S3 → EventBridge and S3 notifications). */
  keysEncoded: boolean;
}

/** Decodes a key the way S3 encodes it in events. Throws ValidationError on malformed escapes. */
export function decodeS3EventKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    throw new ValidationError(
      `object key ${JSON.stringify(key)} is not URL-encoded the way S3 encodes event keys (bad % escape)`,
      'detail.object.key',
    );
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : undefined;
const stripQuotes = (etag: string | undefined) => etag?.replace(/^"|"$/g, '') || undefined;

function upload(
  fields: {
    bucket?: string;
    key?: string;
    size?: number;
    etag?: string;
    versionId?: string;
    sequencer?: string;
    eventTime?: string;
  },
  opts: S3EventOptions,
  where: string,
): UploadEvent {
  if (!fields.bucket || fields.key === undefined || !fields.eventTime) {
    throw new ValidationError(`${where} lacks the bucket name, object key or event time`, where);
  }
  if (Number.isNaN(Date.parse(fields.eventTime))) {
    throw new ValidationError(`${where} has an invalid time ${JSON.stringify(fields.eventTime)}`, where);
  }
  const etag = stripQuotes(fields.etag);
  const sent = fields.key;
  let key = sent;
  if (opts.keysEncoded) {
    try {
      key = decodeS3EventKey(sent);
    } catch {
      // Not a valid encoding, so not encoded: the key is the one written.
    }
  }
  return {
    bucket: fields.bucket,
    key,
    ...(key !== sent ? { keyAsSent: sent } : {}),
    eventTime: new Date(fields.eventTime).toISOString(),
    ...(fields.size !== undefined ? { size: fields.size } : {}),
    ...(etag ? { etag } : {}),
    ...(fields.versionId ? { versionId: fields.versionId } : {}),
    ...(fields.sequencer ? { sequencer: fields.sequencer } : {}),
  };
}

/**
 * The uploads described by one event: an EventBridge "Object Created" event (one upload), or an S3
 * notification `{ Records: [...] }` (ObjectCreated:* records; others skipped; `s3:TestEvent` → []).
 * Throws ValidationError for anything else: the caller treats it as a poison message.
 */
export function parseUploadEvents(event: unknown, opts: S3EventOptions): UploadEvent[] {
  if (!isJsonObject(event)) throw new ValidationError('event must be a JSON object', 'event');
  if (event['detail-type'] !== undefined) {
    if (event.source !== 'aws.s3' || event['detail-type'] !== 'Object Created') {
      throw new ValidationError(
        `expected an aws.s3 "Object Created" event; got ${String(event.source)} "${String(event['detail-type'])}"`,
        'detail-type',
      );
    }
    const detail = isJsonObject(event.detail) ? event.detail : {};
    const bucket = isJsonObject(detail.bucket) ? detail.bucket : {};
    const object = isJsonObject(detail.object) ? detail.object : {};
    return [
      upload(
        {
          bucket: str(bucket.name),
          key: str(object.key),
          size: num(object.size),
          etag: str(object.etag),
          versionId: str(object['version-id']),
          sequencer: str(object.sequencer),
          eventTime: str(event.time),
        },
        opts,
        'detail',
      ),
    ];
  }
  if (event.Event === 's3:TestEvent') return [];
  if (Array.isArray(event.Records)) {
    return event.Records.flatMap((r: unknown, i: number) => {
      const where = `Records[${i}]`;
      if (!isJsonObject(r) || !isJsonObject(r.s3))
        throw new ValidationError(`${where} is not an S3 event record`, where);
      if (!String(r.eventName).startsWith('ObjectCreated:')) return [];
      const bucket = isJsonObject(r.s3.bucket) ? r.s3.bucket : {};
      const object = isJsonObject(r.s3.object) ? r.s3.object : {};
      return [
        upload(
          {
            bucket: str(bucket.name),
            key: str(object.key),
            size: num(object.size),
            etag: str(object.eTag),
            versionId: str(object.versionId),
            sequencer: str(object.sequencer),
            eventTime: str(r.eventTime),
          },
          opts,
          where,
        ),
      ];
    });
  }
  throw new ValidationError(
    'event is neither an EventBridge "Object Created" event nor an S3 notification (Records)',
    'event',
  );
}
