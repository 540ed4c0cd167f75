import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { startSqsEventSource, type EventSource } from '../../local/event-source';
import { startEndpointsFixture, waitFor, type EndpointsFixture } from './helpers';

describe('SQS event source mapping emulation', () => {
  let fx: EndpointsFixture;
  const sources: EventSource[] = [];

  beforeAll(async () => {
    fx = await startEndpointsFixture();
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await fx.close();
  });

  async function queueWithDlq(name: string, maxReceiveCount: number, visibilityTimeout = 1) {
    const sqs = fx.clients.sqs;
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    const url = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: {
            VisibilityTimeout: String(visibilityTimeout),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
          },
        }),
      )
    ).QueueUrl!;
    const arn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))
    ).Attributes!.QueueArn!;
    return { url, arn, dlqUrl };
  }

  async function drain(url: string): Promise<string[]> {
    const r = await fx.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return (r.Messages ?? []).map((m) => m.Body!);
  }

  it('delivers real-shaped records, deletes successes, retries reported failures, then the DLQ gets them', async () => {
    const q = await queueWithDlq('es-partial', 2);
    const seen: SQSRecord[] = [];
    let context: Context | undefined;
    await fx.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: ['ok-1', 'fail', 'ok-2'].map((b, i) => ({
          Id: String(i),
          MessageBody: b,
          MessageAttributes: { kind: { DataType: 'String', StringValue: b } },
        })),
      }),
    );
    sources.push(
      startSqsEventSource({
        name: 'partial',
        sqs: fx.clients.sqs,
        queueUrl: q.url,
        queueArn: q.arn,
        region: 'us-east-1',
        waitTimeSeconds: 1,
        handler: async (event: SQSEvent, ctx) => {
          context = ctx;
          seen.push(...event.Records);
          return {
            batchItemFailures: event.Records.filter((r) => r.body === 'fail').map((r) => ({
              itemIdentifier: r.messageId,
            })),
          };
        },
      }),
    );

    const dlqBodies = await waitFor('the failing message in the DLQ', async () => {
      const b = await drain(q.dlqUrl);
      return b.length ? b : undefined;
    });
    expect(dlqBodies).toEqual(['fail']);

    const bodies = seen.map((r) => r.body);
    // Successes were deleted after their first delivery; the failure was delivered maxReceiveCount times.
    expect(bodies.filter((b) => b === 'ok-1')).toHaveLength(1);
    expect(bodies.filter((b) => b === 'ok-2')).toHaveLength(1);
    const failing = seen.filter((r) => r.body === 'fail');
    expect(failing.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
    expect(new Set(failing.map((r) => r.messageId)).size).toBe(1);
    expect(failing[0].receiptHandle).not.toBe(failing[1].receiptHandle);

    const rec = seen[0];
    expect(rec).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: q.arn,
      awsRegion: 'us-east-1',
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      messageAttributes: {
        kind: { dataType: 'String', stringValue: rec.body, stringListValues: [], binaryListValues: [] },
      },
    });
    expect(Number(rec.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(rec.attributes.SenderId).toBeTruthy();
    expect(context?.functionName).toBe('partial');
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(0);
    // Nothing is left in the source queue.
    expect(await drain(q.url)).toEqual([]);
  });

  it('treats a thrown error as a failure of the whole batch (redelivered after the visibility timeout)', async () => {
    const q = await queueWithDlq('es-throw', 5);
    await fx.clients.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'a' }));
    await fx.clients.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'b' }));
    const deliveries: Array<{ body: string; count: string }> = [];
    let thrown = 0;
    sources.push(
      startSqsEventSource({
        name: 'throwing',
        sqs: fx.clients.sqs,
        queueUrl: q.url,
        queueArn: q.arn,
        region: 'us-east-1',
        waitTimeSeconds: 1,
        onError: () => undefined,
        handler: async (event) => {
          deliveries.push(
            ...event.Records.map((r) => ({ body: r.body, count: r.attributes.ApproximateReceiveCount })),
          );
          if (event.Records.some((r) => r.attributes.ApproximateReceiveCount === '1')) {
            thrown++;
            throw new Error('boom');
          }
        },
      }),
    );
    await waitFor('both messages redelivered once', () =>
      deliveries.filter((d) => d.count === '2').length === 2 ? true : undefined,
    );
    expect(thrown).toBeGreaterThan(0);
    expect(
      deliveries
        .filter((d) => d.count === '2')
        .map((d) => d.body)
        .sort(),
    ).toEqual(['a', 'b']);
    // Succeeded on the second delivery: deleted, nothing reaches the DLQ.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await drain(q.url)).toEqual([]);
    expect(await drain(q.dlqUrl)).toEqual([]);
  });

  it('fails the whole batch when batchItemFailures names an unknown message', async () => {
    const q = await queueWithDlq('es-bad-id', 5);
    await fx.clients.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    const counts: string[] = [];
    const errors: string[] = [];
    sources.push(
      startSqsEventSource({
        name: 'bad-id',
        sqs: fx.clients.sqs,
        queueUrl: q.url,
        queueArn: q.arn,
        region: 'us-east-1',
        waitTimeSeconds: 1,
        onError: (e) => errors.push(String(e)),
        handler: async (event) => {
          counts.push(event.Records[0].attributes.ApproximateReceiveCount);
          return counts.length === 1
            ? { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] }
            : undefined;
        },
      }),
    );
    await waitFor('redelivery', () => (counts.length >= 2 ? true : undefined));
    expect(counts.slice(0, 2)).toEqual(['1', '2']);
    expect(errors.join()).toMatch(/itemIdentifier/);
  });

  it('stops promptly while long-polling and invokes nothing afterwards', async () => {
    const q = await queueWithDlq('es-stop', 5);
    let invoked = 0;
    const source = startSqsEventSource({
      name: 'stopper',
      sqs: fx.clients.sqs,
      queueUrl: q.url,
      queueArn: q.arn,
      region: 'us-east-1',
      waitTimeSeconds: 20,
      concurrency: 2,
      handler: async () => {
        invoked++;
      },
    });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await source.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    await fx.clients.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'late' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(invoked).toBe(0);
    expect(await drain(q.url)).toEqual(['late']);
  });
});
