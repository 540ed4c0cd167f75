import net from 'node:net';

/** True when nothing listens on 127.0.0.1:port (and we may bind it). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * The preferred port when it is free, otherwise 0 (any free port). Stable ports keep URLs that users
 * copy (aws --endpoint-url, queue URLs stored in schemas) valid across restarts.
 */
export async function preferPort(
  preferred: number | undefined,
  onBusy?: (port: number) => void,
): Promise<number> {
  if (!preferred) return 0;
  if (await isPortFree(preferred)) return preferred;
  onBusy?.(preferred);
  return 0;
}
