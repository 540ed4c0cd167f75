/**
 * Every transcode template the API accepts yields a CreateJob that AWS's model and documented rules
 * accept: the template space (containers × codecs × rate controls × sizes × frame rates × audio codecs,
 * sample rates, channels and bitrates × audio/video removal) is walked through validateTemplate, and
 * each accepted template is built as a transcode job (and an adaptive rendition for HLS) and validated.
 */
import { buildCreateJob } from '../../../lambdas/core/mediaconvert';
import { MpsError } from '../../../lambdas/core/errors';
import type { Subtask, Template, TranscodeTemplate } from '../../../lambdas/core/model';
import {
  AUDIO_CODECS,
  CONTAINERS,
  RATE_CONTROLS,
  VIDEO_CODECS,
  validateTemplate,
} from '../../../lambdas/core/templates';
import { validateCreateJob } from '../../../local/engine/validation';
import { subtask, task } from './fixtures';

const SIZES: Array<[number, number]> = [
  [0, 0],
  [640, 0],
  [0, 480],
  [1920, 1080],
  [4096, 2160],
  [2160, 4096],
  [4096, 4096],
  [3840, 0],
];
const FPS = [0, 29.97, 60];
const BITRATES = [0, 128, 6000];
const AUDIO_RATES = [0, 8000, 16000, 22050, 32000, 44100, 48000];
const AUDIO_KBPS = [0, 28, 32, 64, 96, 128, 192, 256];

function* templateInputs(): Generator<Record<string, unknown>> {
  for (const container of CONTAINERS) {
    for (const codec of VIDEO_CODECS) {
      for (const rateControl of RATE_CONTROLS) {
        for (const [width, height] of SIZES) {
          for (const fps of FPS) {
            for (const bitrateKbps of BITRATES) {
              yield {
                name: 't',
                container,
                video: { codec, width, height, fps, bitrateKbps, rateControl },
                removeAudio: true,
              };
            }
          }
        }
      }
    }
    for (const codec of AUDIO_CODECS) {
      for (const sampleRate of AUDIO_RATES) {
        for (const channels of [1, 2]) {
          for (const bitrateKbps of AUDIO_KBPS) {
            const audio = { codec, sampleRate, channels, bitrateKbps };
            yield { name: 'a', container, removeVideo: true, audio };
            yield {
              name: 'av',
              container,
              video: { codec: container === 'webm' ? 'vp9' : 'h264', bitrateKbps: 1000 },
              audio,
            };
          }
        }
      }
    }
  }
}

it('builds a valid CreateJob for every transcode template the API accepts', () => {
  let accepted = 0;
  let rejected = 0;
  const failures: string[] = [];
  for (const input of templateInputs()) {
    let template: TranscodeTemplate;
    try {
      template = {
        ...(validateTemplate('transcode', input) as Omit<
          TranscodeTemplate,
          'id' | 'preset' | 'createdAt' | 'updatedAt'
        >),
        id: 1_000_000,
        preset: false,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
    } catch (err) {
      if (!(err instanceof MpsError)) throw err;
      rejected++;
      continue;
    }
    accepted++;
    const templates = new Map<number, Template>([[template.id, template]]);
    const subtasks: Subtask[] = [subtask({ type: 'Transcode', item: { templateId: template.id } })];
    if (template.container === 'hls')
      subtasks.push(subtask({ type: 'AdaptiveStreaming', item: { templateIds: [template.id] } }, 2));
    for (const s of subtasks) {
      const job = buildCreateJob({
        task: task(subtasks),
        subtask: s,
        templates,
        source: { width: 1920, height: 1080, durationSeconds: 60, frameRate: 25 },
        roleArn: 'arn:aws:iam::111122223333:role/Mc',
        stackId: 'stack-1',
        workBucket: 'mps-work',
      });
      for (const v of validateCreateJob(job))
        failures.push(`${JSON.stringify(input)} → ${v.path}: ${v.message}`);
    }
  }
  expect(accepted).toBeGreaterThan(500);
  expect(rejected).toBeGreaterThan(500);
  expect(failures.slice(0, 20)).toEqual([]);
});

const IMAGE_SIZES: Array<[number, number]> = [
  [0, 0],
  [128, 0],
  [0, 4096],
  [3840, 3840],
  [4096, 4096],
  [4096, 128],
];

it('builds a valid CreateJob for every GIF, snapshot, sampled-snapshot and sprite template the API accepts', () => {
  const inputs: Array<{ type: Template['type']; body: Record<string, unknown>; item: Subtask['item'] }> = [];
  for (const [width, height] of IMAGE_SIZES) {
    for (const fps of [1, 10, 30])
      inputs.push({
        type: 'animatedGraphics',
        body: { name: 'g', fps, width, height },
        item: { templateId: 1_000_000, startTime: 1, endTime: 3 },
      });
    for (const quality of [1, 100]) {
      inputs.push({
        type: 'snapshot',
        body: { name: 's', width, height, quality },
        item: {
          templateId: 1_000_000,
          offsets: [
            { value: 1, unit: 's' },
            { value: 50, unit: '%' },
          ],
        },
      });
      for (const [sampleType, interval] of [
        ['percent', 1],
        ['percent', 100],
        ['time', 0.5],
        ['time', 3600],
      ] as const) {
        inputs.push({
          type: 'sampleSnapshot',
          body: { name: 'p', width, height, quality, sampleType, interval },
          item: { templateId: 1_000_000 },
        });
        inputs.push({
          type: 'sprite',
          body: { name: 'x', width, height, quality, sampleType, interval, rows: 10, columns: 10 },
          item: { templateId: 1_000_000 },
        });
      }
    }
  }
  const itemType = {
    animatedGraphics: 'AnimatedGraphics',
    snapshot: 'SnapshotByTimeOffset',
    sampleSnapshot: 'SampleSnapshot',
    sprite: 'ImageSprite',
  } as const;
  let accepted = 0;
  const failures: string[] = [];
  for (const { type, body, item } of inputs) {
    let template: Template;
    try {
      template = {
        ...validateTemplate(type, body),
        id: 1_000_000,
        preset: false,
        createdAt: '',
        updatedAt: '',
      } as Template;
    } catch (err) {
      if (!(err instanceof MpsError)) throw err;
      continue;
    }
    accepted++;
    const s = subtask({ type: itemType[type as keyof typeof itemType], item } as Parameters<
      typeof subtask
    >[0]);
    const job = buildCreateJob({
      task: task([s]),
      subtask: s,
      templates: new Map([[template.id, template]]),
      source: { width: 1920, height: 1080, durationSeconds: 7200, frameRate: 29.97 },
      roleArn: 'arn:aws:iam::111122223333:role/Mc',
      stackId: 'stack-1',
      workBucket: 'mps-work',
    });
    for (const v of validateCreateJob(job))
      failures.push(`${type} ${JSON.stringify(body)} → ${v.path}: ${v.message}`);
  }
  expect(accepted).toBeGreaterThan(50);
  expect(failures.slice(0, 20)).toEqual([]);
});
