/**
 * The AI items (contentReview, aiRecognition, aiAnalysis) in the pure core: template validation,
 * schema items and references, subtasks, output naming and the loop guard, the AI engine request,
 * and "MPS AI Job State Change" events applied to tasks.
 */
import { aiJobStateEvent } from '../../../lambdas/core/ai/ai-job-event';
import { aiJobRequest } from '../../../lambdas/core/ai/ai-request';
import { checkDeclaredReferences, validateDeclarations } from '../../../lambdas/core/declarations';
import { ValidationError } from '../../../lambdas/core/errors';
import { parseJobStateEvent } from '../../../lambdas/core/mediaconvert';
import type { Subtask, Template } from '../../../lambdas/core/model';
import {
  aiCoverKey,
  aiResultKey,
  expectedOutputKeys,
  isServiceOutputKey,
  subtaskOutputPrefix,
} from '../../../lambdas/core/naming/output-paths';
import { checkTemplateReferences, validateProcessingItems } from '../../../lambdas/core/schemas';
import { applyJobEvent, createTask } from '../../../lambdas/core/tasks';
import { getPreset, PRESETS, validateTemplate } from '../../../lambdas/core/templates';

const NOW = '2026-03-01T10:00:00.000Z';

function presetMap(): Map<number, Template> {
  return new Map(PRESETS.map((p) => [p.id, p]));
}

function aiTask() {
  return createTask({
    origin: 'api',
    input: { bucket: 'media', key: 'in/My Clip.mp4' },
    output: { bucket: 'media', directory: 'out/' },
    items: validateProcessingItems(
      {
        contentReview: [{ templateId: 40 }],
        aiRecognition: [{ templateId: 50 }],
        aiAnalysis: [{ templateId: 60 }],
      },
      'items',
    ),
    idempotencyKey: 'k1',
    now: NOW,
  });
}

describe('AI templates', () => {
  it('applies defaults and keeps what is given', () => {
    expect(validateTemplate('contentReview', { name: 'r' })).toEqual({
      type: 'contentReview',
      name: 'r',
      sampleIntervalSeconds: 1,
      reviewThreshold: 50,
      blockThreshold: 85,
    });
    expect(validateTemplate('aiRecognition', { name: 'o', ocr: true, sampleIntervalSeconds: 2 })).toEqual({
      type: 'aiRecognition',
      name: 'o',
      ocr: true,
      speech: false,
      language: 'en-US',
      sampleIntervalSeconds: 2,
    });
    expect(validateTemplate('aiAnalysis', { name: 'a', cover: true })).toMatchObject({
      type: 'aiAnalysis',
      shots: false,
      blackFrames: false,
      cover: true,
      labels: false,
    });
  });

  it.each([
    [
      'contentReview',
      { name: 'r', reviewThreshold: 80, blockThreshold: 80 },
      'blockThreshold',
      /greater than reviewThreshold \(80\)/,
    ],
    ['contentReview', { name: 'r', sampleIntervalSeconds: 0.1 }, 'sampleIntervalSeconds', /≥ 0.5/],
    ['aiRecognition', { name: 'o' }, 'ocr', /or speech must be true/],
    ['aiRecognition', { name: 'o', ocr: true, language: 'fr-FR' }, 'language', /en-US/],
    ['aiAnalysis', { name: 'a' }, 'shots', /or blackFrames, cover or labels must be true/],
    ['aiAnalysis', { name: 'a', cover: true, faces: true }, 'faces', /./],
  ] as const)('rejects a bad %s body (%j) naming %s', (type, body, field, message) => {
    let error: unknown;
    try {
      validateTemplate(type, body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as ValidationError).message).toMatch(message);
  });

  it('has presets of each AI type that pass the current rules', () => {
    for (const id of [40, 50, 51, 52, 60, 61]) {
      const { id: _id, type, preset, createdAt: _c, updatedAt: _u, ...body } = getPreset(id)!;
      expect(preset).toBe(true);
      expect(validateTemplate(type, body)).toEqual({ type, ...body });
    }
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });
});

describe('AI items in schemas and tasks', () => {
  it('validates items and checks that each refers to a template of its type', () => {
    const items = validateProcessingItems({ aiAnalysis: [{ templateId: 60 }], contentReview: [] }, 'items');
    expect(items).toEqual({ aiAnalysis: [{ templateId: 60 }] });
    expect(() => checkTemplateReferences(items, presetMap())).not.toThrow();
    const wrong = validateProcessingItems({ aiRecognition: [{ templateId: 60 }] }, 'items');
    expect(() => checkTemplateReferences(wrong, presetMap())).toThrow(
      /items.aiRecognition\[0\].templateId refers to template 60, which is a aiAnalysis template; it must be a aiRecognition template/,
    );
    expect(() => validateProcessingItems({ aiAnalysis: [{ templateId: 60, extra: 1 }] }, 'items')).toThrow(
      /items.aiAnalysis\[0\]/,
    );
  });

  it('creates one subtask per AI item, after the MediaConvert kinds', () => {
    const task = aiTask();
    expect(task.subtasks.map((s) => [s.no, s.type])).toEqual([
      [1, 'ContentReview'],
      [2, 'AiRecognition'],
      [3, 'AiAnalysis'],
    ]);
  });

  it('names the outputs {base}_{kind}_{templateId}.json / .jpg / .vtt / .srt, all service outputs', () => {
    const task = aiTask();
    const [review, recognition, analysis] = task.subtasks as [Subtask, Subtask, Subtask];
    expect(subtaskOutputPrefix(task, review)).toBe('out/My_Clip_review_40');
    expect(expectedOutputKeys(task, recognition, presetMap())).toEqual(['out/My_Clip_recognition_50.json']);
    const speech = { ...recognition, item: { templateId: 52 } } as Subtask;
    expect(expectedOutputKeys(task, speech, presetMap())).toEqual([
      'out/My_Clip_recognition_52.json',
      'out/My_Clip_recognition_52.vtt',
      'out/My_Clip_recognition_52.srt',
    ]);
    const keys = expectedOutputKeys(task, analysis, presetMap())!;
    expect(keys).toEqual([aiResultKey('out/My_Clip_analysis_60'), aiCoverKey('out/My_Clip_analysis_60')]);
    for (const key of [...keys, 'out/My_Clip_recognition_52.srt', 'out/My_Clip_review_40_4.json']) {
      expect(isServiceOutputKey(key)).toBe(true);
    }
    expect(isServiceOutputKey('out/analysis.json')).toBe(false);
    expect(isServiceOutputKey('out/my_review.mp4')).toBe(false);
  });
});

describe('AI items declared in the CDK app (seeds)', () => {
  it('accepts an AI template and a schema holding one item of each AI kind', () => {
    const valid = validateDeclarations(
      {
        templates: [
          { id: 1_000_100, type: 'contentReview', name: 'strict', reviewThreshold: 30, blockThreshold: 60 },
        ],
        schemas: [
          {
            name: 'ai',
            trigger: { bucket: 'media', directory: 'in/' },
            items: {
              contentReview: [{ templateId: 1_000_100 }],
              aiRecognition: [{ templateId: 50 }],
              aiAnalysis: [{ templateId: 60 }],
            },
          },
        ],
      },
      {},
      NOW,
    );
    expect(valid.templates[0]).toMatchObject({
      type: 'contentReview',
      reviewThreshold: 30,
      blockThreshold: 60,
    });
    expect(valid.schemas[0]!.input.items).toEqual({
      contentReview: [{ templateId: 1_000_100 }],
      aiRecognition: [{ templateId: 50 }],
      aiAnalysis: [{ templateId: 60 }],
    });
    expect(checkDeclaredReferences(valid)).toEqual([]);
  });

  it('rejects a bad declared AI template, saying where', () => {
    expect(() =>
      validateDeclarations(
        { templates: [{ id: 1_000_101, type: 'aiAnalysis', name: 'none' }], schemas: [] },
        {},
        NOW,
      ),
    ).toThrow(/Templates\[0\].*shots or blackFrames, cover or labels must be true/);
  });
});

describe('the AI engine request', () => {
  it('is deterministic and carries the template settings and the job metadata', () => {
    const task = aiTask();
    const analysis = task.subtasks[2]! as Subtask & { type: 'AiAnalysis' };
    const request = aiJobRequest(task, analysis, presetMap(), 'stack-1');
    expect(request).toEqual({
      clientToken: `${task.taskId}.3.1`,
      type: 'AiAnalysis',
      input: { bucket: 'media', key: 'in/My Clip.mp4' },
      output: { bucket: 'media', prefix: 'out/My_Clip_analysis_60' },
      settings: { type: 'aiAnalysis', shots: true, blackFrames: true, cover: true, labels: false },
      userMetadata: { mpsStackId: 'stack-1', mpsTaskId: task.taskId, mpsSubtasks: '3.1' },
    });
    expect(aiJobRequest(task, analysis, presetMap(), 'stack-1')).toEqual(request);
  });

  it('refuses a template of another type with InvalidInput.DefinitionNotExist', () => {
    const task = aiTask();
    const review = { ...task.subtasks[0]!, item: { templateId: 60 } } as Subtask & { type: 'ContentReview' };
    expect(() => aiJobRequest(task, review, presetMap(), 's')).toThrow(
      expect.objectContaining({ code: 'InvalidInput.DefinitionNotExist' }),
    );
  });
});

describe('AI job-state events', () => {
  const task = aiTask();
  const meta = { mpsStackId: 'stack-1', mpsTaskId: task.taskId, mpsSubtasks: '3.1' };
  const complete = aiJobStateEvent(
    {
      jobId: 'ai-local-1',
      status: 'COMPLETE',
      engine: 'local',
      userMetadata: meta,
      outputs: [
        { bucket: 'media', key: 'out/My_Clip_analysis_60.json', kind: 'analysisResult', sizeBytes: 300 },
        { bucket: 'media', key: 'out/My_Clip_analysis_60.jpg', kind: 'cover', width: 320, height: 240 },
        { bucket: 'media', key: 'out/elsewhere.json', kind: 'analysisResult' },
        { bucket: 'media', kind: 'broken' } as never,
      ],
      summary: { shots: 3, blackSegments: 1, labels: 'NotAvailableLocally', nested: {} as never },
    },
    new Date(NOW),
    'e1',
  ) as { detail: unknown; time: string };

  it('parses like a MediaConvert event, with the listed outputs and the summary', () => {
    const ev = parseJobStateEvent(complete.detail, complete.time, 'stack-1')!;
    expect(ev).toMatchObject({ jobId: 'ai-local-1', status: 'COMPLETE', members: [{ no: 3, attempt: 1 }] });
    expect(ev.outputs).toHaveLength(3);
    expect(ev.summary).toEqual({ shots: 3, blackSegments: 1, labels: 'NotAvailableLocally' });
    expect(parseJobStateEvent(complete.detail, complete.time, 'other-stack')).toBeUndefined();
  });

  it('completes the subtask with its own outputs and summary; a duplicate changes nothing', () => {
    const ev = parseJobStateEvent(complete.detail, complete.time)!;
    const { task: after, changed } = applyJobEvent(task, ev);
    expect(changed).toBe(true);
    const s = after.subtasks[2]!;
    expect(s.status).toBe('SUCCESS');
    expect(s.outputs.map((o) => o.key)).toEqual([
      'out/My_Clip_analysis_60.json',
      'out/My_Clip_analysis_60.jpg',
    ]);
    expect(s.summary).toEqual({ shots: 3, blackSegments: 1, labels: 'NotAvailableLocally' });
    expect(applyJobEvent(after, ev).changed).toBe(false);
  });

  it('fails the subtask with the engine code', () => {
    const error = aiJobStateEvent(
      {
        jobId: 'ai-local-2',
        status: 'ERROR',
        engine: 'local',
        userMetadata: { ...meta, mpsSubtasks: '2.1' },
        errorCode: 'NotAvailableLocally',
        errorMessage: 'speech to text has no offline engine',
      },
      new Date(NOW),
      'e2',
    ) as { detail: unknown; time: string };
    const after = applyJobEvent(task, parseJobStateEvent(error.detail, error.time)!).task;
    expect(after.subtasks[1]).toMatchObject({
      status: 'FAIL',
      errorCode: 'NotAvailableLocally',
      errorMessage: 'speech to text has no offline engine',
    });
  });
});
