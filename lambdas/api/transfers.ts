/**
 * Object transfers for clients that hold no AWS credentials (the web console):
 *
 * - `GET /buckets`: the deployment's trigger and output buckets (`{ trigger: [], output: [] }` when it
 *   accepts any bucket).
 * - `GET /objects/url?bucket=&key=[&expires=]`: a presigned GET URL of an object in one of them.
 * - `POST /uploads` `{ bucket, key, size, contentType? }`: an upload into a trigger bucket, either one
 *   presigned PUT (`{ method: 'PUT', url, headers }`, up to `MULTIPART_THRESHOLD` bytes) or a multipart
 *   upload (`{ method: 'MULTIPART', uploadId, partSize, partCount }`) whose part URLs come from
 *   `POST /uploads/parts` `{ bucket, key, uploadId, partNumbers }` and which ends with
 *   `POST /uploads/complete` `{ bucket, key, uploadId, parts: [{ partNumber, etag }] }` or
 *   `POST /uploads/abort` `{ bucket, key, uploadId }`.
 */
import { z } from 'zod';
import { ValidationError } from '../core/errors';
import { parseOrThrow, strictObject } from '../core/schemas/zod-issues';
import type { ApiDeps } from './deps';
import { parseJsonBody, type ApiRequest, type ApiResponse } from './http';
import { intParam, onlyParams, stringParam } from './params';

/** Files up to this size are one PUT; larger ones are multipart. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
/** The smallest part size used (S3's minimum is 5 MiB); larger files get larger parts. */
export const MIN_PART_SIZE = 8 * 1024 * 1024;
/** S3's limits: 10,000 parts, 5 TiB per object. */
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
/** Part URLs per `POST /uploads/parts` call. */
export const MAX_PART_URLS_PER_CALL = 100;
/** Validity of upload URLs, and the default (and longest) of GET URLs: 1 hour / 12 hours. */
export const UPLOAD_URL_SECONDS = 3600;
export const GET_URL_SECONDS = 3600;
export const MAX_GET_URL_SECONDS = 12 * 3600;

const bucket = z.string().min(3).max(63);
const key = z
  .string()
  .min(1)
  .max(1024)
  .refine((k) => !k.startsWith('/'), {
    message: 'must not start with "/" (an S3 key is relative to its bucket)',
  });
const uploadId = z.string().min(1).max(1024);

const startBody = strictObject({
  bucket,
  key,
  size: z.number().int().min(0).max(MAX_OBJECT_BYTES),
  contentType: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, { message: 'must be a MIME type such as video/mp4' })
    .optional(),
});
const partsBody = strictObject({
  bucket,
  key,
  uploadId,
  partNumbers: z.array(z.number().int().min(1).max(MAX_PARTS)).min(1).max(MAX_PART_URLS_PER_CALL),
});
const completeBody = strictObject({
  bucket,
  key,
  uploadId,
  parts: z
    .array(
      strictObject({ partNumber: z.number().int().min(1).max(MAX_PARTS), etag: z.string().min(1).max(256) }),
    )
    .min(1)
    .max(MAX_PARTS),
});
const abortBody = strictObject({ bucket, key, uploadId });

/** The part size for `size` bytes: MIN_PART_SIZE, or larger (whole MiB) so that ≤ MAX_PARTS parts suffice. */
export function partSizeFor(size: number): number {
  const mib = 1024 * 1024;
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / mib) * mib);
}

export function transferOperations(deps: ApiDeps) {
  const buckets = deps.buckets;
  const list = (names: readonly string[]) => [...new Set(names)].join(', ');
  /** Uploads go to trigger buckets only: that is where schemas look, and what the service may read. */
  const checkUploadBucket = (name: string) => {
    if (buckets && !buckets.trigger.includes(name)) {
      throw new ValidationError(
        `bucket ${JSON.stringify(name)} is not a trigger bucket of this deployment (${list(buckets.trigger)}): uploads go to trigger buckets`,
        'bucket',
      );
    }
  };
  const checkReadBucket = (name: string) => {
    const readable = buckets ? [...buckets.trigger, ...buckets.output] : undefined;
    if (readable && !readable.includes(name)) {
      throw new ValidationError(
        `bucket ${JSON.stringify(name)} is not a bucket of this deployment (${list(readable)})`,
        'bucket',
      );
    }
  };
  const expiresAt = (seconds: number) =>
    new Date(Date.parse(deps.now?.() ?? new Date().toISOString()) + seconds * 1000).toISOString();

  return {
    async buckets(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      return {
        status: 200,
        body: { trigger: [...(buckets?.trigger ?? [])], output: [...(buckets?.output ?? [])] },
      };
    },

    async objectUrl(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, ['bucket', 'key', 'expires']);
      const b = stringParam(req.query, 'bucket', 63);
      const k = stringParam(req.query, 'key', 1024);
      if (!b || !k) {
        throw new ValidationError(
          'bucket and key are required query parameters (e.g. ?bucket=media&key=output/a.mp4)',
          b ? 'key' : 'bucket',
        );
      }
      checkReadBucket(b);
      const seconds = intParam(req.query, 'expires', 1, MAX_GET_URL_SECONDS) ?? GET_URL_SECONDS;
      const url = await deps.transfers.getUrl({ bucket: b, key: k }, seconds);
      return { status: 200, body: { url, expiresAt: expiresAt(seconds) } };
    },

    async startUpload(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const body = parseOrThrow(startBody, parseJsonBody(req), '');
      checkUploadBucket(body.bucket);
      const location = { bucket: body.bucket, key: body.key };
      if (body.size <= MULTIPART_THRESHOLD) {
        const url = await deps.transfers.putUrl(location, UPLOAD_URL_SECONDS, body.contentType);
        return {
          status: 200,
          body: {
            method: 'PUT',
            url,
            headers: body.contentType ? { 'content-type': body.contentType } : {},
            expiresAt: expiresAt(UPLOAD_URL_SECONDS),
          },
        };
      }
      const partSize = partSizeFor(body.size);
      const id = await deps.transfers.startMultipart(location, body.contentType);
      return {
        status: 200,
        body: { method: 'MULTIPART', uploadId: id, partSize, partCount: Math.ceil(body.size / partSize) },
      };
    },

    async partUrls(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const body = parseOrThrow(partsBody, parseJsonBody(req), '');
      checkUploadBucket(body.bucket);
      const location = { bucket: body.bucket, key: body.key };
      const parts = await Promise.all(
        body.partNumbers.map(async (partNumber) => ({
          partNumber,
          url: await deps.transfers.partUrl(location, body.uploadId, partNumber, UPLOAD_URL_SECONDS),
        })),
      );
      return { status: 200, body: { parts, expiresAt: expiresAt(UPLOAD_URL_SECONDS) } };
    },

    async completeUpload(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const body = parseOrThrow(completeBody, parseJsonBody(req), '');
      checkUploadBucket(body.bucket);
      const numbers = body.parts.map((p) => p.partNumber);
      numbers.forEach((n, i) => {
        if (i > 0 && n <= numbers[i - 1]!) {
          throw new ValidationError(
            `parts[${i}].partNumber ${n} must be greater than the one before (${numbers[i - 1]}): list the parts in ascending order, each once`,
            `parts[${i}].partNumber`,
          );
        }
      });
      await deps.transfers.completeMultipart(
        { bucket: body.bucket, key: body.key },
        body.uploadId,
        body.parts,
      );
      return { status: 200, body: { bucket: body.bucket, key: body.key } };
    },

    async abortUpload(req: ApiRequest): Promise<ApiResponse> {
      onlyParams(req.query, []);
      const body = parseOrThrow(abortBody, parseJsonBody(req), '');
      checkUploadBucket(body.bucket);
      await deps.transfers.abortMultipart({ bucket: body.bucket, key: body.key }, body.uploadId);
      return { status: 200, body: { bucket: body.bucket, key: body.key, aborted: true } };
    },
  };
}
