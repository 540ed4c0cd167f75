/**
 * Emulates a Lambda SQS event source mapping with `ReportBatchItemFailures`:
 * - long-polls the queue and invokes the handler with a real-shaped SQSEvent (and a Lambda-like
 *   context);
 * - deletes the records that succeeded: all of them when the handler returns nothing or an empty
 *   `batchItemFailures`, all but the listed ones otherwise; none when the handler throws or
 *   reports an unknown/empty itemIdentifier (Lambda then treats the whole batch as failed);
 * - leaves failed records in flight: they reappear after the queue's visibility timeout (or
 *   earlier when the handler shortened it with ChangeMessageVisibility), and the endpoint moves
 *   them to the DLQ once ApproximateReceiveCount exceeds the RedrivePolicy's maxReceiveCount
 *   (fauxqs implements redrive on receive exactly like SQS, so it is not emulated here);
 * - `stop()` aborts the pending long poll and waits for the batch being processed.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './event-bridge';

export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | void | undefined | null>;

export interface SqsEventSourceOptions {
  /** Function name, for the context and logs. */
  name: string;
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsHandler;
  /** 1–10, default 10. */
  batchSize?: number;
  /** Long-poll wait, default 5 s. */
  waitTimeSeconds?: number;
  /** Concurrent pollers (≈ Lambda concurrency), default 1. */
  concurrency?: number;
  /** Lambda timeout, reported by context.getRemainingTimeInMillis(); default 60 s. */
  timeoutMs?: number;
  /** Called with handler/poll errors; default console.error. */
  onError?: (err: unknown, info: { name: string; phase: 'receive' | 'invoke' | 'delete' }) => void;
}

export interface EventSource {
  readonly name: string;
  /** Number of handler invocations so far. */
  readonly invocations: number;
  stop(): Promise<void>;
}

export function startSqsEventSource(opts: SqsEventSourceOptions): EventSource {
  const abort = new AbortController();
  const batchSize = opts.batchSize ?? 10;
  const waitTimeSeconds = opts.waitTimeSeconds ?? 5;
  const onError =
    opts.onError ??
    ((err, info) =>
      console.error(`[${info.name}] ${info.phase} failed:`, err instanceof Error ? err.message : err));
  let invocations = 0;
  let stopped = false;

  const pollLoop = async () => {
    while (!stopped) {
      let messages: Message[];
      try {
        const res = await opts.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: opts.queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: waitTimeSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = res.Messages ?? [];
      } catch (err) {
        if (stopped) return;
        onError(err, { name: opts.name, phase: 'receive' });
        await sleep(1000, abort.signal);
        continue;
      }
      if (messages.length === 0) continue;
      invocations++;
      const succeeded = await invoke(messages);
      if (succeeded.length > 0) await deleteMessages(succeeded);
    }
  };

  /** Runs the handler; returns the messages to delete. */
  const invoke = async (messages: Message[]): Promise<Message[]> => {
    const event: SQSEvent = { Records: messages.map((m) => toRecord(m, opts)) };
    let response: SQSBatchResponse | void | undefined | null;
    try {
      response = await opts.handler(event, lambdaContext(opts.name, opts.region, opts.timeoutMs ?? 60_000));
    } catch (err) {
      onError(err, { name: opts.name, phase: 'invoke' });
      return [];
    }
    const failures = response?.batchItemFailures ?? [];
    if (failures.length === 0) return messages;
    const ids = new Set(messages.map((m) => m.MessageId));
    const failed = new Set<string>();
    for (const f of failures) {
      if (!f?.itemIdentifier || !ids.has(f.itemIdentifier)) {
        // Lambda: an empty/unknown identifier fails the whole batch.
        onError(new Error(`invalid batchItemFailures itemIdentifier ${JSON.stringify(f?.itemIdentifier)}`), {
          name: opts.name,
          phase: 'invoke',
        });
        return [];
      }
      failed.add(f.itemIdentifier);
    }
    return messages.filter((m) => !failed.has(m.MessageId!));
  };

  const deleteMessages = async (messages: Message[]) => {
    try {
      const res = await opts.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: opts.queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      for (const f of res.Failed ?? []) {
        onError(new Error(`delete failed: ${f.Code} ${f.Message}`), { name: opts.name, phase: 'delete' });
      }
    } catch (err) {
      onError(err, { name: opts.name, phase: 'delete' });
    }
  };

  const loops = Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, () => pollLoop());

  return {
    name: opts.name,
    get invocations() {
      return invocations;
    },
    async stop() {
      stopped = true;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}

function toRecord(m: Message, opts: SqsEventSourceOptions): SQSRecord {
  const a = m.Attributes ?? {};
  const now = String(Date.now());
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? now,
      SenderId: a.SenderId ?? LOCAL_ACCOUNT_ID,
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? now,
    },
    messageAttributes: toLambdaAttributes(m.MessageAttributes),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: opts.queueArn,
    awsRegion: opts.region,
  };
}

/** SQS API attribute shape → Lambda event shape (camelCase, list fields always present). */
function toLambdaAttributes(attrs: Record<string, MessageAttributeValue> | undefined): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, v] of Object.entries(attrs ?? {})) {
    out[name] = {
      dataType: v.DataType ?? 'String',
      stringValue: v.StringValue,
      binaryValue: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined,
      stringListValues: v.StringListValues ?? [],
      binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return out;
}

/** A Lambda context good enough for handlers and Powertools (request id, remaining time). */
export function lambdaContext(name: string, region: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  const unsupported = () => {
    throw new Error('callback-style completion is not supported by the local runtime');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
