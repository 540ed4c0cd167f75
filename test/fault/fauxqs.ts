/** fauxqs (local SQS/SNS, real protocol) in a child process on a free port, with an SQS client. */
import { fork } from 'node:child_process';
import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface Fauxqs {
  endpoint: string;
  sqs: SQSClient;
  stop(): Promise<void>;
}

export async function startFauxqs(): Promise<Fauxqs> {
  const child = fork(path.join(__dirname, 'fauxqs-host.mjs'), [], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fauxqs did not start within 20 s')), 20_000);
    child.once('message', (msg: { type: string; port: number }) => {
      clearTimeout(timer);
      resolve(msg.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fauxqs exited before it was ready (code ${code})`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    endpoint,
    sqs,
    stop: async () => {
      sqs.destroy();
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      });
    },
  };
}
