/** config.json beside index.html: `{ mode: 'local' }` from the local runtime, the AWS settings from the stack. */
import type { AwsConsoleConfig } from './aws-auth';

export type ConsoleConfig = { mode: 'local' } | AwsConsoleConfig;

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}
