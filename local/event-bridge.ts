/**
 * Emulates the two EventBridge rules of the stack:
 * 1. S3 "Object Created" (source aws.s3) → the ingest queue, filtered with the AWS rule's pattern
 *    (lambdas/contract.ts uploadRulePattern). Local S3 notification records are turned into the
 *    EventBridge event S3 publishes, key URL-encoded like real S3.
 * 2. MediaConvert "Job State Change" (source aws.mediaconvert) → the job-events queue, filtered with
 *    the AWS rule's own pattern (lambdas/contract.ts jobEventRulePattern): this stack's
 *    `detail.userMetadata.mpsStackId` and the statuses tasks use.
 *
 * Delivery is at least once with retries (EventBridge retries failed targets); events are delivered
 * in the order they were put, per target.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3NotificationRecord } from './endpoints/start';
import { jobEventRulePattern, matchesEventPattern, uploadRulePattern } from '../lambdas/contract';
import { encodeS3EventKey } from './s3-key-encoding';

export const LOCAL_ACCOUNT_ID = '000000000000';

export interface EventBridgeEvent<TDetailType extends string = string, TDetail = unknown> {
  version: '0';
  id: string;
  'detail-type': TDetailType;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

export interface S3ObjectCreatedDetail {
  version: '0';
  bucket: { name: string };
  object: { key: string; size?: number; etag?: string; sequencer: string; 'version-id'?: string };
  'request-id': string;
  requester: string;
  'source-ip-address': string;
  reason: 'PutObject' | 'CopyObject' | 'CompleteMultipartUpload' | 'PostObject';
}

export type S3ObjectCreatedEvent = EventBridgeEvent<'Object Created', S3ObjectCreatedDetail>;

const REASONS: Record<string, S3ObjectCreatedDetail['reason']> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Copy': 'CopyObject',
  // s3rver reports CompleteMultipartUpload (what SDK uploads of big files use) as "Post".
  'ObjectCreated:Post': 'CompleteMultipartUpload',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

let lastSequencer = 0n;
/**
 * S3 sequencers are hex strings that grow for successive events on one key. s3rver uses
 * Date.now() in hex, which repeats within a millisecond; we use microsecond-ish resolution and
 * force strict growth.
 */
export function nextSequencer(now = Date.now()): string {
  let candidate = BigInt(now) * 1000n;
  if (candidate <= lastSequencer) candidate = lastSequencer + 1n;
  lastSequencer = candidate;
  return candidate.toString(16).toUpperCase().padStart(18, '0');
}

/** The EventBridge event real S3 emits for this notification record; undefined for non-create records. */
export function toObjectCreatedEvent(
  record: S3NotificationRecord,
  opts: { region: string; account?: string },
): S3ObjectCreatedEvent | undefined {
  const reason = REASONS[record.eventName];
  if (!reason) return undefined;
  const { bucket, object } = record.s3;
  const account = opts.account ?? LOCAL_ACCOUNT_ID;
  const detailObject: S3ObjectCreatedDetail['object'] = {
    key: encodeS3EventKey(object.key),
    size: object.size === undefined ? undefined : Number(object.size),
    etag: object.eTag?.replace(/"/g, ''),
    sequencer: nextSequencer(Date.parse(record.eventTime) || Date.now()),
  };
  if (object.versionId) detailObject['version-id'] = object.versionId;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account,
    time: new Date(Date.parse(record.eventTime) || Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: opts.region,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: {
      version: '0',
      bucket: { name: bucket.name },
      object: detailObject,
      'request-id':
        record.responseElements?.['x-amz-request-id'] ?? randomUUID().replace(/-/g, '').slice(0, 16),
      requester: account,
      'source-ip-address': '127.0.0.1',
      reason,
    },
  };
}

/** The AWS rule's pattern for MediaConvert job-state events (lambdas/contract.ts), as a predicate. */
export function matchesJobStateRule(event: unknown, stackId: string): boolean {
  return matchesEventPattern(jobEventRulePattern(stackId), event);
}

export interface LocalEventBridgeOptions {
  sqs: SQSClient;
  region: string;
  stackId: string;
  ingestQueueUrl: string;
  jobEventsQueueUrl: string;
  /** The buckets whose object-created events are forwarded (the stack's trigger buckets); default all. */
  triggerBuckets?: readonly string[];
  /** Called when an event could not be delivered after all retries. */
  onDeliveryFailure?: (err: unknown, event: EventBridgeEvent) => void;
  retryDelaysMs?: number[];
}

export class LocalEventBridge {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(rule: 'ingest' | 'job-events', event: EventBridgeEvent) => void>();
  private readonly opts: LocalEventBridgeOptions;
  /** Counters for diagnostics and tests. */
  readonly stats = { objectCreated: 0, jobEventsForwarded: 0, jobEventsDropped: 0, failures: 0 };

  constructor(opts: LocalEventBridgeOptions) {
    this.opts = opts;
  }

  /** Rule 1: S3 object created → ingest queue. Returns the event sent, if any. */
  putS3Record(record: S3NotificationRecord): S3ObjectCreatedEvent | undefined {
    const event = toObjectCreatedEvent(record, { region: this.opts.region });
    if (!event) return undefined;
    if (!matchesEventPattern(uploadRulePattern(this.opts.triggerBuckets), event)) return undefined;
    this.stats.objectCreated++;
    for (const l of this.listeners) l('ingest', event);
    this.deliver(this.opts.ingestQueueUrl, event);
    return event;
  }

  /** Rule 2: MediaConvert job state change → job-events queue, when the rule pattern matches. */
  putJobStateEvent(event: EventBridgeEvent): boolean {
    if (!matchesJobStateRule(event, this.opts.stackId)) {
      this.stats.jobEventsDropped++;
      return false;
    }
    this.stats.jobEventsForwarded++;
    for (const l of this.listeners) l('job-events', event);
    this.deliver(this.opts.jobEventsQueueUrl, event);
    return true;
  }

  /** Observes every event a rule forwards (diagnostics, tests); returns an unsubscribe function. */
  onForward(listener: (rule: 'ingest' | 'job-events', event: EventBridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when everything put so far has been delivered (or given up on). */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private deliver(queueUrl: string, event: EventBridgeEvent): void {
    const previous = this.chains.get(queueUrl) ?? Promise.resolve();
    const next = previous.then(() => this.send(queueUrl, event));
    this.chains.set(queueUrl, next);
  }

  private async send(queueUrl: string, event: EventBridgeEvent): Promise<void> {
    const delays = this.opts.retryDelaysMs ?? [100, 500, 2000, 5000];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.opts.sqs.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }),
        );
        return;
      } catch (err) {
        if (attempt >= delays.length) {
          this.stats.failures++;
          if (this.opts.onDeliveryFailure) this.opts.onDeliveryFailure(err, event);
          else console.error(`[event-bridge] dropped ${event['detail-type']} event ${event.id}:`, err);
          return;
        }
        await new Promise((r) => setTimeout(r, delays[attempt]));
      }
    }
  }
}
