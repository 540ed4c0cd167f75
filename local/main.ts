/**
 * `npm start`: runs the whole service on this machine, no AWS account needed.
 *
 *   npm start -- [--data-dir DIR] [--reset] [--api-port N] [--help]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeBinaries, type FfmpegBinaries, ffmpegBinaries } from './engine/ffmpeg-binaries';
import { LOCAL_ENDPOINTS_ENV, userEndpointsFile } from './endpoints-record';
import { DEFAULT_API_PORT, startLocalRuntime, type LocalRuntime } from './runtime';
import { disableSdkNodeVersionWarning } from './sdk-warnings';
import { onStopSignals } from './stop-signals';

const HELP = `Usage: npm start -- [options]

Runs mps-aws locally: DynamoDB, S3, SQS and SNS emulators on 127.0.0.1, the service's handlers,
and an ffmpeg engine in place of MediaConvert. State is kept in the data directory. ffmpeg and ffprobe
come from PATH when installed, otherwise from the npm packages @ffmpeg-installer/* and
@ffprobe-installer/* (MPS_FFMPEG=system|bundled chooses). The endpoints are recorded in the data
directory and in ${'${XDG_STATE_HOME:-~/.local/state}'}/mps-aws/local-endpoints.json (or $${LOCAL_ENDPOINTS_ENV}),
where \`npx mps\` finds them from any directory.

Options:
  --data-dir DIR   where tables, objects and scratch files live (default ./.mps-local)
  --reset          delete the local tables, objects and scratch files first (keeps the callback secret)
  --api-port N     port of the control API (default ${DEFAULT_API_PORT}; 0 = any free port; a busy port
                   is replaced by a free one)
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

/** The folder of this package (where `npx mps` resolves the CLI). */
function packageRoot(): string {
  return path.resolve(__dirname, '..');
}

function banner(rt: LocalRuntime, tools: FfmpegBinaries): string {
  const s3 = rt.urls.s3;
  const bucket = rt.resources.bucket;
  const outputsOnDisk = path.join(rt.dataDir, 's3', bucket, 'output');
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  const records = [rt.endpointsFile, ...(rt.userEndpointsFile ? [rt.userEndpointsFile] : [])].map(rel);
  return `
mps-aws is running locally (data: ${rel(rt.dataDir)})

  web console   ${rt.urls.console ?? '(not served)'}
  control API   ${rt.urls.api}
  S3            ${s3}   (path-style; access key ${rt.credentials.accessKeyId} / ${rt.credentials.secretAccessKey})
  SQS + SNS     ${rt.urls.sqs}
  DynamoDB      ${rt.urls.dynamodb}
  endpoints     ${records.join(' and ')}  (read by npx mps from any directory)
  ffmpeg        ${describeBinaries(tools)}

The demo schema "demo" is enabled: uploads to s3://${bucket}/input/ get an MP4 720p, snapshots at 1s
and 50%, and a 2-second GIF.

  Upload:     npx mps upload my-video.mp4 s3://${bucket}/input/
              AWS_ACCESS_KEY_ID=${rt.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${rt.credentials.secretAccessKey} \\
                aws --region ${rt.region} --endpoint-url ${s3} s3 cp my-video.mp4 s3://${bucket}/input/
  Tasks:      npx mps task list            npx mps task show <task-id>
  Elsewhere:  npx mps works in this folder; from any other directory run
                npx --prefix ${packageRoot()} mps task list
              (or \`npm link\` here once, then \`mps task list\`): the CLI finds this runtime from there too.
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
  disableSdkNodeVersionWarning();
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
  let tools: FfmpegBinaries;
  try {
    tools = ffmpegBinaries();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }

  let runtime: LocalRuntime;
  try {
    const userFile = userEndpointsFile(process.env);
    runtime = await startLocalRuntime({
      dataDir: opts.dataDir,
      reset: opts.reset,
      apiPort: opts.apiPort,
      ...(userFile ? { userEndpointsFile: userFile } : {}),
    });
  } catch (err) {
    console.error(`Could not start the local runtime: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  process.stdout.write(banner(runtime, tools));
  return untilStopped(runtime);
}

/**
 * Waits for Ctrl-C (SIGINT) or SIGTERM, then stops gracefully: queued and running jobs are canceled and
 * their subtasks recorded ABORTED, then pollers and endpoints stop; resolves 0 (1 if stopping failed).
 * The copies of one Ctrl-C that npm, tsx and the terminal deliver count once; a second Ctrl-C more than a
 * second later exits at once (130).
 */
function untilStopped(runtime: LocalRuntime): Promise<number> {
  return new Promise<number>((resolve) => {
    onStopSignals({
      graceful(signal) {
        console.error(`\n${signal}: stopping (canceling running jobs, then pollers and endpoints)…`);
        runtime
          .stop({ abortJobs: true })
          .then(() => {
            console.error('mps-aws local runtime stopped.');
            resolve(0);
          })
          .catch((err) => {
            console.error('error while stopping:', err);
            resolve(1);
          });
      },
      force(signal) {
        console.error(`\n${signal} again: exiting now.`);
        process.exit(130);
      },
    });
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
