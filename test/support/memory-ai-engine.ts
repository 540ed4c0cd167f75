import type { AiJobRequest } from '../../lambdas/core/ai/ai-request';
import type { AiJobState, MediaAiEngine } from '../../lambdas/core/ports';

/** An in-memory AI engine for service tests: records starts (deduped by clientToken) and cancels. */
export class MemoryAiEngine implements MediaAiEngine {
  readonly started: AiJobRequest[] = [];
  readonly cancelled: string[] = [];
  readonly jobs = new Map<string, AiJobState>();
  private readonly byToken = new Map<string, string>();

  start(request: AiJobRequest): Promise<{ jobId: string }> {
    const known = this.byToken.get(request.clientToken);
    if (known) return Promise.resolve({ jobId: known });
    const jobId = `ai-test-${this.started.length + 1}`;
    this.started.push(request);
    this.byToken.set(request.clientToken, jobId);
    this.jobs.set(jobId, { status: 'RUNNING', createdAt: new Date().toISOString() });
    return Promise.resolve({ jobId });
  }

  cancel(jobId: string): Promise<void> {
    this.cancelled.push(jobId);
    const job = this.jobs.get(jobId);
    if (job?.status === 'RUNNING') this.jobs.set(jobId, { ...job, status: 'CANCELED' });
    return Promise.resolve();
  }

  describe(jobId: string): Promise<AiJobState | undefined> {
    return Promise.resolve(this.jobs.get(jobId));
  }
}
