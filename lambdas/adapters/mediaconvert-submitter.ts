import {
  CancelJobCommand,
  type CancelJobCommandOutput,
  type CreateJobCommandInput,
  type CreateJobCommandOutput,
  CreateJobCommand,
  GetJobCommand,
  type GetJobCommandOutput,
  type Job,
  MediaConvertClient,
  type MediaConvertClientConfig,
} from '@aws-sdk/client-mediaconvert';
import { MpsError } from '../core/errors';
import type { JobInspector, JobSubmitter } from '../core/ports';

/** Code of a subtask failed because MediaConvert rejected its job. */
export const BAD_REQUEST_CODE = 'MediaConvert.BadRequest';

/**
 * The calls the submitter makes: the SDK's MediaConvertClient in AWS, the local engine
 * (local/engine, LocalMediaConvert) in the local runtime, so that both go through the same error mapping.
 */
export interface MediaConvertApi {
  send(command: CreateJobCommand): Promise<CreateJobCommandOutput>;
  send(command: CancelJobCommand): Promise<CancelJobCommandOutput>;
  send(command: GetJobCommand): Promise<GetJobCommandOutput>;
}

/** A MediaConvert client on the regional endpoint (no DescribeEndpoints) with adaptive retries. */
export function createMediaConvertClient(
  opts: Pick<MediaConvertClientConfig, 'region' | 'credentials'> & { endpoint: string },
): MediaConvertClient {
  return new MediaConvertClient({ ...opts, retryMode: 'adaptive', maxAttempts: 5 });
}

/**
 * 'permanent' for requests MediaConvert will never accept (BadRequestException, 400); 'retryable'
 * for throttling (TooManyRequestsException, 429), 5xx, network errors and anything unknown.
 */
export function classifyMediaConvertError(err: unknown): 'permanent' | 'retryable' {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === 'BadRequestException') return 'permanent';
  return 'retryable';
}

/**
 * JobSubmitter over the MediaConvert SDK. createJob turns a BadRequestException into an MpsError
 * with code {@link BAD_REQUEST_CODE} (the caller fails the subtask); every other error propagates
 * unchanged so that the SQS message returns and is retried. cancelJob ignores jobs that have already
 * ended (ConflictException) or are gone (NotFoundException).
 */
export class MediaConvertJobSubmitter implements JobSubmitter, JobInspector {
  constructor(private readonly client: MediaConvertApi) {}

  async createJob(input: CreateJobCommandInput): Promise<{ jobId: string }> {
    try {
      const res = await this.client.send(new CreateJobCommand(input));
      const jobId = res.Job?.Id;
      if (!jobId) throw new Error('MediaConvert CreateJob returned no job id');
      return { jobId };
    } catch (err) {
      if (classifyMediaConvertError(err) === 'permanent') {
        throw new MpsError(BAD_REQUEST_CODE, `MediaConvert rejected the job: ${(err as Error).message}`);
      }
      throw err;
    }
  }

  /** GetJob; undefined when MediaConvert has no such job (NotFoundException). */
  async getJob(jobId: string): Promise<Job | undefined> {
    try {
      return (await this.client.send(new GetJobCommand({ Id: jobId }))).Job;
    } catch (err) {
      if ((err as Error).name === 'NotFoundException') return undefined;
      throw err;
    }
  }

  async cancelJob(jobId: string): Promise<void> {
    try {
      await this.client.send(new CancelJobCommand({ Id: jobId }));
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'ConflictException' || name === 'NotFoundException') return;
      throw err;
    }
  }
}
