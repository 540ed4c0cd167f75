/**
 * What `mps download` fetches and where it puts it: a task's output files (frame sequences expanded,
 * an HLS playlist with its variant playlists and segments), one object, or every object under a
 * prefix; each saved under the local directory by its key relative to the task's output directory
 * or the given prefix.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { sequenceKeys } from '../lambdas/core/naming/output-paths';
import type { Task } from '../lambdas/core/model';
import { CliError } from './errors';

/** One object to fetch, and its path relative to the destination directory. */
export interface DownloadItem {
  bucket: string;
  key: string;
  relative: string;
}

/** What to list to find the files of an output: a prefix for playlists, else exact keys. */
export type OutputSource =
  { kind: 'keys'; bucket: string; keys: string[] } | { kind: 'prefix'; bucket: string; prefix: string };

/** The objects a task wrote, as exact keys or (HLS) as the playlist's prefix: "dir/a.m3u8" → "dir/a". */
export function taskOutputSources(task: Task): OutputSource[] {
  const sources: OutputSource[] = [];
  for (const subtask of task.subtasks) {
    for (const output of subtask.outputs) {
      if (output.kind === 'playlist' && output.key.endsWith('.m3u8')) {
        sources.push({ kind: 'prefix', bucket: output.bucket, prefix: output.key.slice(0, -'.m3u8'.length) });
      } else {
        sources.push({ kind: 'keys', bucket: output.bucket, keys: sequenceKeys(output) });
      }
    }
  }
  return sources;
}

/** `key` relative to `base` (a directory or prefix) when under it, else its last segment. */
export function relativeKey(key: string, base: string): string {
  return base !== '' && key.startsWith(base) && key.length > base.length
    ? key.slice(base.length)
    : path.posix.basename(key);
}

/** Every key under `prefix` (ListObjectsV2, all pages). */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * The local file of `relative` under `dir`; a key that would leave `dir` (".." segments, absolute)
 * is refused.
 */
export function localPath(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const file = path.resolve(root, ...relative.split('/'));
  if (file !== root && file.startsWith(root + path.sep)) return file;
  throw new CliError(
    'UnsafeKey',
    `object key part ${JSON.stringify(relative)} would be saved outside ${dir}`,
  );
}

/** Fetches one object to `file` (directories created); resolves to its size in bytes. */
export async function downloadObject(s3: S3Client, item: DownloadItem, file: string): Promise<number> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  let body: Readable;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: item.bucket, Key: item.key }));
    body = res.Body as Readable;
  } catch (e) {
    const name = (e as Error).name;
    throw new CliError(
      name === 'NoSuchKey' ? 'NoSuchKey' : 'DownloadFailed',
      `cannot download s3://${item.bucket}/${item.key}: ${name === 'NoSuchKey' ? 'no such object' : (e as Error).message}`,
    );
  }
  mkdirSync(path.dirname(file), { recursive: true });
  let size = 0;
  body.on('data', (chunk: Buffer) => (size += chunk.length));
  await pipeline(body, createWriteStream(file));
  return size;
}
