import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, UsageError } from '../errors';
import { formatTable, formatTime } from '../table';

interface FailedDelivery {
  messageId: string;
  sentAt?: string;
  /** Attempts made; absent for a message the queue moved itself (not recorded). */
  attempts?: number;
  failedAt?: string;
  target?: { type: string; target: string };
  eventType?: string;
  taskId?: string;
  error?: { code?: string; message?: string };
  invalid?: string;
}

interface ReplayResult {
  replayed: string[];
  notFound: string[];
  failed: { messageId: string; error: string }[];
}

/** "code: message" of a delivery's last error, '-' when none was recorded. */
function lastError(error: FailedDelivery['error']): string {
  if (!error) return '-';
  return [error.code, error.message].filter((p) => p !== undefined && p !== '').join(': ') || '-';
}

/** `mps deliveries list|replay`: notification deliveries that ended in the dead-letter queue. */
export function registerDeliveryCommands(program: Command, ctx: () => CliContext): void {
  const deliveries = program
    .command('deliveries')
    .description('notification deliveries that exhausted their retries (the notify dead-letter queue)');

  deliveries
    .command('list')
    .description('list undelivered events')
    .option('--max <n>', 'most messages listed (1-1000)', '100')
    .action(async (opts: { max: string }) => {
      const c = ctx();
      const res = await (
        await c.client()
      ).request<{ items: FailedDelivery[] }>('GET', '/deliveries/failed', { query: { max: opts.max } });
      c.print(res, (r) => {
        if (res.items.length === 0) return r.format === 'text' ? '' : 'no undelivered events\n';
        return formatTable(
          ['MESSAGE ID', 'TARGET', 'EVENT', 'TASK', 'SENT', 'ATTEMPTS', 'LAST FAILED', 'LAST ERROR'],
          res.items.map((d) => [
            d.messageId,
            d.target ? `${d.target.type} ${d.target.target}` : `(invalid: ${d.invalid ?? 'unknown'})`,
            d.eventType ?? '-',
            d.taskId ?? '-',
            formatTime(d.sentAt),
            d.attempts ?? '-',
            formatTime(d.failedAt),
            lastError(d.error),
          ]),
          r,
        );
      });
    });

  deliveries
    .command('replay')
    .description('send undelivered events back for delivery (all, or the given message ids)')
    .option('--ids <ids>', 'comma-separated message ids')
    .action(async (opts: { ids?: string }) => {
      const c = ctx();
      const ids = opts.ids
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (opts.ids !== undefined && (!ids || ids.length === 0)) {
        throw new UsageError('--ids needs at least one message id');
      }
      const res = await (
        await c.client()
      ).request<ReplayResult>('POST', '/deliveries/replay', { body: ids ? { ids } : {} });
      c.print(res, () => {
        const lines = [`replayed ${res.replayed.length}`];
        if (res.notFound.length > 0) lines.push(`not found: ${res.notFound.join(', ')}`);
        for (const f of res.failed) lines.push(`failed ${f.messageId}: ${f.error}`);
        return lines.join('\n') + '\n';
      });
      const missed = res.failed.length + res.notFound.length;
      if (missed > 0) throw new CliError('ReplayIncomplete', `${missed} message(s) were not replayed`);
    });
}
