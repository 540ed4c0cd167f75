/**
 * `npm start`: runs the whole service on this machine, no AWS account needed.
 *
 *   npm start -- [--data-dir DIR] [--reset] [--api-port N] [--help]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_API_PORT, startLocalRuntime, type LocalRuntime } from './runtime';

const HELP = `Usage: npm start -- [options]

Runs mps-aws locally: DynamoDB, S3, SQS and SNS emulators on 127.0.0.1, the service's handlers,
and an ffmpeg engine in place of MediaConvert. State is kept in the data directory.

Options:
  --data-dir DIR   where tables, objects and scratch files live (default ./.mps-local)
  --reset          delete the local tables, objects and scratch files first (keeps the callback secret)
  --api-port N     port of the control API (default ${DEFAULT_API_PORT}; 0 = any free port)
  -h, --help       show this help
`;

interface CliOptions {
  dataDir: string;
  reset: boolean;
  apiPort: number;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      reset: { type: 'boolean', default: false },
      'api-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const apiPort = values['api-port'] === undefined ? DEFAULT_API_PORT : Number(values['api-port']);
  if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) {
    throw new Error(`--api-port must be an integer from 0 to 65535, got "${values['api-port']}"`);
  }
  return { dataDir: path.resolve(values['data-dir'] ?? '.mps-local'), reset: values.reset ?? false, apiPort };
}

/** ffmpeg and ffprobe must be on PATH; returns the instructions to print when they are not. */
export function missingFfmpegMessage(): string | undefined {
  const missing = ['ffmpeg', 'ffprobe'].filter((bin) => {
    const r = spawnSync(bin, ['-version'], { stdio: 'ignore' });
    return r.error !== undefined || r.status !== 0;
  });
  if (missing.length === 0) return undefined;
  return [
    `${missing.join(' and ')} not found on PATH. The local runtime uses ffmpeg in place of MediaConvert.`,
    'Install it, then run `npm start` again:',
    '  Debian/Ubuntu:  sudo apt-get install -y ffmpeg',
    '  macOS:          brew install ffmpeg',
    '  Windows:        winget install ffmpeg   (or use WSL)',
  ].join('\n');
}

function banner(rt: LocalRuntime): string {
  const s3 = rt.urls.s3;
  const bucket = rt.resources.bucket;
  const outputsOnDisk = path.join(rt.dataDir, 's3', bucket, 'output');
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  const defaultDir = path.resolve('.mps-local') === rt.dataDir;
  const cliHint = defaultDir ? '' : `; pass --local-dir ${rel(rt.dataDir)} to npx mps`;
  return `
mps-aws is running locally (data: ${rel(rt.dataDir)})

  control API   ${rt.urls.api}
  S3            ${s3}   (path-style; access key ${rt.credentials.accessKeyId} / ${rt.credentials.secretAccessKey})
  SQS + SNS     ${rt.urls.sqs}
  DynamoDB      ${rt.urls.dynamodb}
  endpoints     ${rel(rt.endpointsFile)}  (read by the mps CLI${cliHint})

The demo schema "demo" is enabled: uploads to s3://${bucket}/input/ get an MP4 720p, snapshots at 1s
and 50%, and a 2-second GIF.

  Upload:     npx mps upload my-video.mp4 s3://${bucket}/input/
              AWS_ACCESS_KEY_ID=${rt.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${rt.credentials.secretAccessKey} \\
                aws --region ${rt.region} --endpoint-url ${s3} s3 cp my-video.mp4 s3://${bucket}/input/
  Tasks:      npx mps task list            npx mps task show <task-id>
  Outputs:    s3://${bucket}/output/   on disk: ${rel(outputsOnDisk)}/  (files end in ._S3rver_object)
  Events:     the demo schema's TaskFinished events go to the queue ${rt.resources.eventsQueue.url}
              AWS_ACCESS_KEY_ID=${rt.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${rt.credentials.secretAccessKey} \\
                aws --region ${rt.region} --endpoint-url ${rt.urls.sqs} sqs receive-message --queue-url ${rt.resources.eventsQueue.url}
  Callbacks:  a schema has one notification target, so signed HTTP callbacks need a schema of their own:
                npx mps schema create --name demo-callback --trigger s3://${bucket}/callback/ --output s3://${bucket}/output/ \\
                  --transcode 100030 --notify-type url --notify-target http://127.0.0.1:9000/hook
                npx mps schema enable <schema-id>
              (http:// and 127.0.0.1 are allowed locally; verify X-Mps-Signature with the key in ${rel(path.join(rt.dataDir, 'callback-secret'))})

Press Ctrl-C to stop.
`;
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseCli(argv);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const ffmpegProblem = missingFfmpegMessage();
  if (ffmpegProblem) {
    console.error(ffmpegProblem);
    return 1;
  }

  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({ dataDir: opts.dataDir, reset: opts.reset, apiPort: opts.apiPort });
  } catch (err) {
    const busy = (err as { code?: string }).code === 'EADDRINUSE';
    console.error(
      `Could not start the local runtime: ${err instanceof Error ? err.message : String(err)}` +
        (busy
          ? `\nPort ${opts.apiPort} is in use: stop what uses it or pass --api-port (0 = any free port).`
          : ''),
    );
    return 1;
  }
  process.stdout.write(banner(runtime));

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`\n${signal} again: exiting now.`);
        process.exit(130);
      }
      stopping = true;
      console.error(`\n${signal}: stopping (pollers, ffmpeg jobs, endpoints)…`);
      runtime
        .stop()
        .then(() => resolve(0))
        .catch((err) => {
          console.error('error while stopping:', err);
          resolve(1);
        });
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
