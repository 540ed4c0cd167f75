import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalAwsClients, type LocalAwsClients } from '../../local/endpoints/clients';
import { startLocalEndpoints, type LocalEndpoints } from '../../local/endpoints/start';

export interface EndpointsFixture {
  dataDir: string;
  endpoints: LocalEndpoints;
  clients: LocalAwsClients;
  close(): Promise<void>;
}

/** Starts the local endpoints in a fresh temporary data dir. */
export async function startEndpointsFixture(): Promise<EndpointsFixture> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mps-local-test-'));
  const endpoints = await startLocalEndpoints({ dataDir });
  const clients = createLocalAwsClients(endpoints);
  return {
    dataDir,
    endpoints,
    clients,
    async close() {
      clients.destroy();
      await endpoints.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
