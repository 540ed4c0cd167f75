/**
 * Uploads a file with presigned URLs from the API: one PUT, or a multipart upload whose parts are
 * PUT in turn (the API issues part URLs in batches and completes the upload with their ETags).
 * XMLHttpRequest because fetch reports no upload progress. An abort signal cancels the upload: the
 * request in flight is aborted, and a multipart upload is aborted through the API.
 */
import { post } from './api';

type Start =
  | { method: 'PUT'; url: string; headers: Record<string, string> }
  | { method: 'MULTIPART'; uploadId: string; partSize: number; partCount: number };

function put(
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const xhr = new XMLHttpRequest();
    const cancel = () => xhr.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    xhr.onloadend = () => signal?.removeEventListener('abort', cancel);
    xhr.onabort = () => reject(cancelled());
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag'));
      else reject(new Error(`S3 answered ${xhr.status} to the upload: ${xhr.responseText.slice(0, 300)}`));
    };
    xhr.onerror = () => reject(new Error('the upload could not reach S3 (network or CORS)'));
    xhr.send(body);
  });
}

const PART_URL_BATCH = 20;

function cancelled(): DOMException {
  return new DOMException('the upload was cancelled', 'AbortError');
}

/**
 * Uploads `file` to s3://bucket/key; `onProgress` gets the bytes sent so far. Rejects with an
 * AbortError once `signal` aborts.
 */
export async function uploadFile(
  bucket: string,
  key: string,
  file: File,
  onProgress: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : undefined;
  const start = await post<Start>('/uploads', {
    bucket,
    key,
    size: file.size,
    ...(contentType ? { contentType } : {}),
  });
  if (start.method === 'PUT') {
    await put(start.url, file, start.headers, onProgress, signal);
    onProgress(file.size);
    return;
  }
  const { uploadId, partSize, partCount } = start;
  const parts: Array<{ partNumber: number; etag: string }> = [];
  try {
    for (let first = 1; first <= partCount; first += PART_URL_BATCH) {
      if (signal?.aborted) throw cancelled();
      const numbers = Array.from(
        { length: Math.min(PART_URL_BATCH, partCount - first + 1) },
        (_, i) => first + i,
      );
      const { parts: urls } = await post<{ parts: Array<{ partNumber: number; url: string }> }>(
        '/uploads/parts',
        {
          bucket,
          key,
          uploadId,
          partNumbers: numbers,
        },
      );
      for (const { partNumber, url } of urls) {
        const from = (partNumber - 1) * partSize;
        const etag = await put(
          url,
          file.slice(from, from + partSize),
          {},
          (loaded) => onProgress(from + loaded),
          signal,
        );
        if (!etag)
          throw new Error(`S3 returned no ETag for part ${partNumber} (is ETag an exposed CORS header?)`);
        parts.push({ partNumber, etag });
      }
    }
    if (signal?.aborted) throw cancelled();
    await post('/uploads/complete', { bucket, key, uploadId, parts });
    onProgress(file.size);
  } catch (err) {
    await post('/uploads/abort', { bucket, key, uploadId }).catch(() => undefined);
    throw err;
  }
}
