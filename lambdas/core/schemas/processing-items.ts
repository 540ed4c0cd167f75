import { z } from 'zod';
import type { ProcessingItems } from '../model';
import { parseOffsetInput, TIME_OFFSET_ALLOWED } from './time-offset';
import { addProblem, parseOrThrow, strictObject } from './zod-issues';

/**
 * Limits of processing items: the product model's, plus a cap on items per schema or ProcessMedia
 * call, so that a task (one DynamoDB item with its subtasks, at most 400 KB) always fits.
 */
export const ITEM_LIMITS = {
  itemsPerTask: 20,
  watermarksPerItem: 10,
  adaptiveTemplateIds: 10,
  snapshotOffsets: 100,
  animatedGraphicsMaxSeconds: 60,
} as const;

const INVALID_TIME_OFFSET = 'InvalidInput.InvalidTimeOffset';

const templateId = z.number().int().positive();
const seconds = z.number().min(0).refine(Number.isFinite, { message: 'must be a finite number' });
const watermarks = z.array(strictObject({ templateId })).max(ITEM_LIMITS.watermarksPerItem);

const transcodeItem = strictObject({
  templateId,
  watermarks: watermarks.optional(),
  startTime: seconds.optional(),
  endTime: seconds.optional(),
}).superRefine((item, ctx) => {
  if (item.startTime !== undefined && item.endTime !== undefined && item.endTime <= item.startTime) {
    addProblem(ctx, item.endTime, `must be greater than startTime (${item.startTime})`, {
      path: ['endTime'],
      errorCode: INVALID_TIME_OFFSET,
    });
  }
});

const adaptiveStreamingItem = strictObject({
  templateIds: z
    .array(templateId)
    .min(1)
    .max(ITEM_LIMITS.adaptiveTemplateIds)
    .superRefine((ids, ctx) => {
      const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
      if (duplicate !== undefined)
        addProblem(ctx, ids, `must list distinct template ids (${duplicate} repeats)`);
    }),
  watermarks: watermarks.optional(),
});

const animatedGraphicsItem = strictObject({ templateId, startTime: seconds, endTime: seconds }).superRefine(
  (item, ctx) => {
    const span = item.endTime - item.startTime;
    const max = ITEM_LIMITS.animatedGraphicsMaxSeconds;
    if (span <= 0) {
      addProblem(ctx, item.endTime, `must be greater than startTime (${item.startTime})`, {
        path: ['endTime'],
        errorCode: INVALID_TIME_OFFSET,
      });
    } else if (span > max) {
      addProblem(ctx, item.endTime, `must be at most ${max} s after startTime (${item.startTime})`, {
        path: ['endTime'],
        errorCode: INVALID_TIME_OFFSET,
      });
    }
  },
);

const timeOffset = z.unknown().transform((input, ctx) => {
  const offset = parseOffsetInput(input);
  if (!offset) {
    addProblem(ctx, input, TIME_OFFSET_ALLOWED, { errorCode: INVALID_TIME_OFFSET });
    return z.NEVER;
  }
  return offset;
});

const snapshotByTimeOffsetItem = strictObject({
  templateId,
  offsets: z.array(timeOffset).min(1).max(ITEM_LIMITS.snapshotOffsets),
  watermarks: watermarks.optional(),
});

const sampleSnapshotItem = strictObject({ templateId, watermarks: watermarks.optional() });
const imageSpriteItem = strictObject({ templateId });
const aiItem = strictObject({ templateId });

const ITEM_KINDS = [
  'transcode',
  'adaptiveStreaming',
  'animatedGraphics',
  'snapshotByTimeOffset',
  'sampleSnapshot',
  'imageSprite',
  'contentReview',
  'aiRecognition',
  'aiAnalysis',
] as const;

/** Zod schema of ProcessingItems; empty lists are dropped and at least one item is required. */
export const processingItemsSchema = strictObject({
  transcode: z.array(transcodeItem).optional(),
  adaptiveStreaming: z.array(adaptiveStreamingItem).optional(),
  animatedGraphics: z.array(animatedGraphicsItem).optional(),
  snapshotByTimeOffset: z.array(snapshotByTimeOffsetItem).optional(),
  sampleSnapshot: z.array(sampleSnapshotItem).optional(),
  imageSprite: z.array(imageSpriteItem).optional(),
  contentReview: z.array(aiItem).optional(),
  aiRecognition: z.array(aiItem).optional(),
  aiAnalysis: z.array(aiItem).optional(),
}).transform((items, ctx): ProcessingItems => {
  const out: Record<string, unknown> = {};
  for (const kind of ITEM_KINDS) {
    const list = items[kind];
    if (list && list.length > 0) out[kind] = list;
  }
  if (Object.keys(out).length === 0) {
    addProblem(ctx, items, `must contain at least one item in ${ITEM_KINDS.join(', ')}`);
    return z.NEVER;
  }
  const count = ITEM_KINDS.reduce((n, kind) => n + (items[kind]?.length ?? 0), 0);
  if (count > ITEM_LIMITS.itemsPerTask) {
    addProblem(
      ctx,
      count,
      `must contain at most ${ITEM_LIMITS.itemsPerTask} items in all (each becomes a subtask of one task record)`,
    );
    return z.NEVER;
  }
  return out as ProcessingItems;
});

/**
 * Validates processing items (a schema's or a ProcessMedia call's). Throws ValidationError naming the
 * field under `field` (e.g. "items.snapshotByTimeOffset[0].offsets[2]"), the value and what is allowed;
 * bad time points and clip ranges carry code 'InvalidInput.InvalidTimeOffset'.
 */
export function validateProcessingItems(items: unknown, field: string): ProcessingItems {
  return parseOrThrow(processingItemsSchema, items, field);
}
