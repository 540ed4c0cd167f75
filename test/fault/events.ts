/** Real-shaped EventBridge events (S3 "Object Created", MediaConvert "Job State Change"). No handler imports. */
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';

/** An EventBridge "Object Created" event as S3 sends it (key URL-encoded by the caller). */
export function objectCreated(
  encodedKey: string,
  opts: { sequencer?: string; size?: number; time?: string; bucket?: string } = {},
) {
  const sequencer = opts.sequencer ?? '00617F08299329D189';
  return {
    version: '0',
    id: `evt-${sequencer}-${encodedKey.length}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: opts.time ?? '2026-03-01T10:00:00Z',
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${opts.bucket ?? 'in'}`],
    detail: {
      version: '0',
      bucket: { name: opts.bucket ?? 'in' },
      object: {
        key: encodedKey,
        size: opts.size ?? 1_048_576,
        etag: 'b1946ac92492d2347c6235b4d2611184',
        sequencer,
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  };
}

/** S3's event-key encoding (form style: space → '+'). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/** A "MediaConvert Job State Change" EventBridge event for a job the service submitted. */
export function jobStateChange(
  job: CreateJobCommandInput,
  jobId: string,
  status: 'PROGRESSING' | 'STATUS_UPDATE' | 'COMPLETE' | 'ERROR' | 'CANCELED',
  time: string,
  detail: Record<string, unknown> = {},
) {
  return {
    version: '0',
    id: `${jobId}-${status}-${time}`,
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: '123456789012',
    time,
    region: 'eu-west-1',
    resources: [`arn:aws:mediaconvert:eu-west-1:123456789012:jobs/${jobId}`],
    detail: {
      timestamp: Date.parse(time),
      accountId: '123456789012',
      queue: 'arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default',
      jobId,
      status,
      userMetadata: job.UserMetadata,
      ...detail,
    },
  };
}
