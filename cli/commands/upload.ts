import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { localRecordFiles, readEndpointsRecordFile } from '../endpoint';
import { CliError, UsageError } from '../errors';
import type { CliIo } from '../io';
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
    .action(async (file: string, destination: string) => {
      const c = ctx();
      const dest = parseS3Url(destination, 'destination');
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
      const { S3Client } = await import('@aws-sdk/client-s3');
      const { Upload } = await import('@aws-sdk/lib-storage');

      // The local runtime's S3 when the API in use is the local runtime's (resolved, or given explicitly).
      // No control API is needed to upload to AWS, but a stopped local runtime is an error (never AWS).
      const endpoint = await c.endpoint().catch((e: unknown) => {
        if (e instanceof CliError && e.code === 'LocalRuntimeNotRunning') throw e;
        return undefined;
      });
      let localS3 = endpoint?.local;
      if (!localS3 && endpoint?.kind === 'explicit') {
        const files = localRecordFiles(
          c.options.localDir ? { localDir: c.options.localDir } : {},
          c.io,
        ).files;
        const found = files
          .map(readEndpointsRecordFile)
          .find((f) => f?.api.replace(/\/+$/, '') === endpoint.url);
        if (found) localS3 = found;
      }
      const region = c.options.region ?? endpoint?.region ?? c.io.env.AWS_REGION;
      const s3 = localS3
        ? new S3Client({
            endpoint: localS3.s3,
            region: localS3.region,
            forcePathStyle: true,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
            ...(localS3.accessKeyId && localS3.secretAccessKey
              ? {
                  credentials: { accessKeyId: localS3.accessKeyId, secretAccessKey: localS3.secretAccessKey },
                }
              : {}),
          })
        : new S3Client(region ? { region } : {});
      const progress = progressReporter(c.io, size);
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
      c.print(
        { bucket: dest.bucket, key, size },
        () => `uploaded s3://${dest.bucket}/${key} (${formatBytes(size)})`,
      );
    });
}
