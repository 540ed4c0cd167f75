import path from 'node:path';
import type { Command } from 'commander';
import type { Task } from '../../lambdas/core/model';
import type { CliContext } from '../context';
import {
  downloadObject,
  listKeys,
  localPath,
  relativeKey,
  taskOutputSources,
  type DownloadItem,
} from '../download';
import { CliError, UsageError } from '../errors';
import { MAX_PRESIGN_SECONDS, presignGetUrl } from '../presign';
import { s3Client, s3Target } from '../s3';
import { parseS3Object, parseS3Url } from '../s3url';
import { formatTable } from '../table';

interface Downloaded {
  bucket: string;
  key: string;
  file: string;
  size: number;
}

/** `mps download` (a task's outputs, an object or a prefix) and `mps presign` (a GET URL). */
export function registerDownloadCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('download <source> [dir]')
    .description(
      "download a task's outputs (task id), an object (s3://bucket/key) or a prefix (s3://bucket/dir/) into dir (default .)",
    )
    .action(async (source: string, dir: string | undefined) => {
      const c = ctx();
      const destination = path.resolve(c.io.cwd, dir ?? '.');
      const target = await s3Target(c);
      const s3 = await s3Client(target);
      try {
        const items = await itemsOf(c, source, (bucket, prefix) => listKeys(s3, bucket, prefix));
        if (items.length === 0)
          throw new CliError('NothingToDownload', `${source} has no objects to download`);
        const done: Downloaded[] = [];
        for (const item of items) {
          const file = localPath(destination, item.relative);
          const size = await downloadObject(s3, item, file);
          done.push({ bucket: item.bucket, key: item.key, file, size });
          if (!c.json) c.note(`downloaded s3://${item.bucket}/${item.key}`);
        }
        c.print({ files: done }, (r) =>
          formatTable(
            ['OBJECT', 'FILE', 'BYTES'],
            done.map((d) => [`s3://${d.bucket}/${d.key}`, path.relative(c.io.cwd, d.file) || d.file, d.size]),
            r,
          ),
        );
      } finally {
        s3.destroy();
      }
    });

  program
    .command('presign <object>')
    .description('print a presigned GET URL for s3://bucket/key (local runtime or AWS)')
    .option('--expires <seconds>', `validity in seconds, 1-${MAX_PRESIGN_SECONDS}`, '3600')
    .action(async (object: string, opts: { expires: string }) => {
      const c = ctx();
      const { bucket, key } = parseS3Object(object);
      const expires = Number(opts.expires);
      if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
        throw new UsageError(
          `--expires takes whole seconds from 1 to ${MAX_PRESIGN_SECONDS} (7 days); got ${JSON.stringify(opts.expires)}`,
        );
      }
      const url = await presignGetUrl(await s3Target(c), bucket, key, expires);
      const expiresAt = new Date(Date.now() + expires * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      c.print({ url, bucket, key, expiresAt }, () => url);
    });
}

/** The objects `source` names: a task's outputs, one object, or every object under a prefix. */
async function itemsOf(
  c: CliContext,
  source: string,
  list: (bucket: string, prefix: string) => Promise<string[]>,
): Promise<DownloadItem[]> {
  if (!source.startsWith('s3://')) {
    if (!/^t-[\w-]+$/.test(source)) {
      throw new UsageError(
        `download takes a task id (t-…) or s3://bucket/key; got ${JSON.stringify(source)}`,
      );
    }
    const task = await (await c.client()).request<Task>('GET', `/tasks/${encodeURIComponent(source)}`);
    const items = new Map<string, DownloadItem>();
    for (const s of taskOutputSources(task)) {
      const keys = s.kind === 'keys' ? s.keys : await list(s.bucket, s.prefix);
      for (const key of keys) {
        items.set(`${s.bucket}/${key}`, {
          bucket: s.bucket,
          key,
          relative: relativeKey(key, task.output.directory),
        });
      }
    }
    return [...items.values()];
  }
  const { bucket, key } = parseS3Url(source, 'source');
  if (key !== '' && !key.endsWith('/')) return [{ bucket, key, relative: path.posix.basename(key) }];
  return (await list(bucket, key)).map((k) => ({ bucket, key: k, relative: relativeKey(k, key) }));
}
