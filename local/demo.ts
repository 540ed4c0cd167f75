/**
 * The demo schema the local runtime seeds (enabled): uploads to s3://mps-local/input/ get an MP4
 * 720p (preset 100030), JPEG snapshots at 1 s and 50 % (preset 10) and a 0–2 s GIF (preset 20000)
 * in s3://mps-local/output/, and a "finish" event on the mps-local-events queue.
 *
 * A schema has one notification target. To get signed HTTP callbacks instead, change the demo schema's
 * notification to `{ type: 'url', target: 'http://127.0.0.1:PORT/path' }` with the CLI or the API (the
 * local runtime allows http:// and loopback targets), or create a second schema.
 */
export const DEMO_SCHEMA_NAME = 'demo';

export function demoSchemaInput(opts: { bucket: string; eventsQueueUrl: string }) {
  return {
    name: DEMO_SCHEMA_NAME,
    trigger: { bucket: opts.bucket, directory: 'input/' },
    output: { bucket: opts.bucket, directory: 'output/' },
    items: {
      transcode: [{ templateId: 100030 }],
      snapshotByTimeOffset: [{ templateId: 10, offsets: ['1s', '50%'] }],
      animatedGraphics: [{ templateId: 20000, startTime: 0, endTime: 2 }],
    },
    notification: { type: 'queue' as const, target: opts.eventsQueueUrl, mode: 'finish' as const },
  };
}
