/**
 * The task runner's submission path: shared jobs, and what happens when MediaConvert refuses one.
 */
import { MemoryAiEngine } from '../support/memory-ai-engine';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import { MpsError } from '../../lambdas/core/errors';
import type { Template } from '../../lambdas/core/model';
import type { JobSubmitter } from '../../lambdas/core/ports';
import { createTask } from '../../lambdas/core/tasks';
import { TaskRunner } from '../../lambdas/services/task-runner';
import { TaskUpdater } from '../../lambdas/services/task-updates';
import { memoryStores } from '../support/memory-stores';

const NOW = '2026-03-01T10:00:00.000Z';

/** A submitter that refuses (like a 400 BadRequest) every job `refuse` matches. */
class RefusingSubmitter implements JobSubmitter {
  readonly created: CreateJobCommandInput[] = [];
  readonly refused: CreateJobCommandInput[] = [];
  constructor(private readonly refuse: (job: CreateJobCommandInput) => boolean) {}
  async createJob(input: CreateJobCommandInput): Promise<{ jobId: string }> {
    if (this.refuse(input)) {
      this.refused.push(input);
      throw new MpsError('MediaConvert.BadRequest', 'MediaConvert rejected the job: /outputGroups/0: bad');
    }
    this.created.push(input);
    return { jobId: `job-${this.created.length}` };
  }
  async cancelJob(): Promise<void> {}
}

async function run(refuse: (job: CreateJobCommandInput) => boolean) {
  const stores = memoryStores();
  const watermark: Template = {
    id: 1_000_001,
    type: 'watermark',
    name: 'w',
    image: { bucket: 'brand', key: 'refused.png' },
    anchor: 'TopLeft',
    xOffset: { value: 0, unit: 'px' },
    yOffset: { value: 0, unit: 'px' },
    width: { value: 64, unit: 'px' },
    imageWidth: 128,
    imageHeight: 64,
    opacity: 100,
    preset: false,
    createdAt: NOW,
    updatedAt: NOW,
  };
  await stores.templates.put(watermark, { expectNew: true });
  const task = createTask({
    origin: 'api',
    input: { bucket: 'in', key: 'v/clip.mp4' },
    output: { bucket: 'out', directory: 'v/' },
    items: {
      transcode: [{ templateId: 100030, watermarks: [{ templateId: 1_000_001 }] }],
      sampleSnapshot: [{ templateId: 20 }],
      imageSprite: [{ templateId: 30 }],
    },
    idempotencyKey: 'k',
    now: NOW,
  });
  await stores.tasks.create(task);
  const submitter = new RefusingSubmitter(refuse);
  const runner = new TaskRunner({
    templates: stores.templates,
    submitter,
    ai: new MemoryAiEngine(),
    probe: async () => ({ durationSeconds: 60, width: 1280, height: 720, frameRate: 25 }),
    updater: new TaskUpdater(stores.tasks),
    jobs: { roleArn: 'arn:aws:iam::1:role/mc', stackId: 's', workBucket: 'w' },
    now: () => NOW,
  });
  return { after: await runner.startTask(task), submitter };
}

const usesRefusedImage = (job: CreateJobCommandInput) => JSON.stringify(job).includes('refused.png');

it('submits the transcode with its frame captures riding along as one job', async () => {
  const { after, submitter } = await run(() => false);
  expect(submitter.created).toHaveLength(1);
  expect(submitter.created[0]!.UserMetadata?.mpsSubtasks).toBe('1.1,2.1,3.1');
  expect(after.subtasks.map((s) => [s.status, s.jobId])).toEqual([
    ['PROCESSING', 'job-1'],
    ['PROCESSING', 'job-1'],
    ['PROCESSING', 'job-1'],
  ]);
});

it('when MediaConvert refuses a shared job, submits its subtasks alone and fails only the faulty one', async () => {
  const { after, submitter } = await run(usesRefusedImage);
  // The shared job, then the transcode alone: both refused (the watermark).
  expect(submitter.refused.map((j) => j.UserMetadata?.mpsSubtasks)).toEqual(['1.1,2.1,3.1', '1.1']);
  // The frame captures run alone, each with a companion output.
  expect(submitter.created.map((j) => j.UserMetadata?.mpsSubtasks)).toEqual(['2.1', '3.1']);
  for (const job of submitter.created) {
    expect(job.Settings!.OutputGroups!.map((g) => g.Name)).toEqual(['Frame Capture', 'Companion']);
  }
  expect(after.subtasks.map((s) => [s.no, s.status, s.errorCode])).toEqual([
    [1, 'FAIL', 'MediaConvert.BadRequest'],
    [2, 'PROCESSING', undefined],
    [3, 'PROCESSING', undefined],
  ]);
});
