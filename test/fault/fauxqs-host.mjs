// Child process hosting fauxqs (ESM only, so jest cannot load it in-process) on 127.0.0.1 for the
// dead-letter tests. IPC: child → parent { type: 'ready', port }; exits when the parent disconnects.
const { buildApp } = await import('fauxqs');
const app = buildApp({ logger: false, defaultRegion: 'us-east-1' });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const stop = async () => {
  await app.close().catch(() => undefined);
  process.exit(0);
};
process.on('disconnect', () => void stop());
process.on('message', (msg) => {
  if (msg && msg.type === 'stop') void stop();
});
process.send({ type: 'ready', port: Number(new URL(address).port) });
