import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, UsageError } from '../errors';
import { assertAllSucceeded, findUploadTasks, followTasks, intervalMs } from '../follow-tasks';
import { tasksTable } from '../format';
import type { CliIo } from '../io';
import { s3Client, s3Target } from '../s3';
import { parseS3Url } from '../s3url';

/** Destination key: `dir/` + the file's name when the destination ends with '/', else the key itself. */
export function uploadKey(file: string, destinationKey: string): string {
  if (destinationKey === '' || destinationKey.endsWith('/')) return destinationKey + path.basename(file);
  return destinationKey;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** "[#####-----]  42%  4.2 MiB / 10.0 MiB" */
export function progressBar(loaded: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, loaded / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${formatBytes(loaded)} / ${formatBytes(total)}`;
}

function progressReporter(io: CliIo, total: number): { update(loaded: number): void; done(): void } {
  let lastPercent = -1;
  return {
    update(loaded) {
      const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;
      if (io.stderrIsTTY) io.stderr(`\r${progressBar(loaded, total)}`);
      else if (percent >= lastPercent + 10 || (percent === 100 && lastPercent !== 100)) {
        io.stderr(progressBar(loaded, total) + '\n');
      } else return;
      lastPercent = percent;
    },
    done() {
      if (io.stderrIsTTY) io.stderr('\n');
    },
  };
}

export function registerUploadCommand(program: Command, ctx: () => CliContext): void {
  program
    .command('upload <file> <destination>')
    .description('upload a file to S3, e.g. mps upload clip.mp4 s3://media/input/ (progress on stderr)')
    .option('--watch', 'then follow the tasks the upload started until they finish (exit 1 if one fails)')
    .option('--interval <seconds>', 'poll interval with --watch', '2')
    .option('--wait <seconds>', 'with --watch: how long to wait for the tasks to appear', '60')
    .action(
      async (
        file: string,
        destination: string,
        opts: { watch?: boolean; interval?: string; wait?: string },
      ) => {
        const c = ctx();
        const dest = parseS3Url(destination, 'destination');
        const everyMs = intervalMs(opts.interval);
        const waitMs = seconds(opts.wait, '--wait');
        const local = path.resolve(c.io.cwd, file);
        let size: number;
        try {
          const st = statSync(local);
          if (!st.isFile()) throw new UsageError(`${file} is not a file`);
          size = st.size;
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(
            `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          );
        }
        const key = uploadKey(file, dest.key);
        const { Upload } = await import('@aws-sdk/lib-storage');
        const s3 = await s3Client(await s3Target(c));
        const progress = progressReporter(c.io, size);
        const since = new Date();
        try {
          const upload = new Upload({
            client: s3,
            params: { Bucket: dest.bucket, Key: key, Body: createReadStream(local) },
            queueSize: 2,
            partSize: 8 * 1024 * 1024,
          });
          upload.on('httpUploadProgress', (p) => progress.update(p.loaded ?? 0));
          await upload.done();
          progress.update(size);
          progress.done();
        } catch (e) {
          progress.done();
          throw new CliError(
            'UploadFailed',
            `upload to s3://${dest.bucket}/${key} failed: ${(e as Error).message}`,
          );
        } finally {
          s3.destroy();
        }
        const uploaded = { bucket: dest.bucket, key, size };
        if (!opts.watch) {
          c.print(uploaded, () => `uploaded s3://${dest.bucket}/${key} (${formatBytes(size)})`);
          return;
        }
        c.note(`uploaded s3://${dest.bucket}/${key} (${formatBytes(size)})`);
        const client = await c.client();
        const attempts = Math.max(1, Math.ceil(waitMs / everyMs));
        const started = await findUploadTasks(
          c,
          client,
          { bucket: dest.bucket, key, since },
          everyMs,
          attempts,
        );
        const finished = await followTasks(c, client, started, everyMs);
        c.print({ ...uploaded, tasks: finished }, (r) => tasksTable(finished, r));
        assertAllSucceeded(finished);
      },
    );
}

function seconds(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} takes seconds > 0; got ${JSON.stringify(value)}`);
  return Math.round(n * 1000);
}
