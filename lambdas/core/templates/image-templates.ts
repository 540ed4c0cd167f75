import { z } from 'zod';
import type {
  AnimatedGraphicsTemplate,
  SampleSnapshotTemplate,
  SnapshotTemplate,
  SpriteTemplate,
} from '../model';
import { parseOrThrow, strictObject } from '../schemas/zod-issues';
import {
  commentField,
  dimensionField,
  imageFormatField,
  nameField,
  qualityField,
  reject,
  sampleTypeField,
} from './common-fields';

type Body<T> = Omit<T, 'id' | 'preset' | 'createdAt' | 'updatedAt'>;
export type SnapshotBody = Body<SnapshotTemplate>;
export type SampleSnapshotBody = Body<SampleSnapshotTemplate>;
export type SpriteBody = Body<SpriteTemplate>;
export type AnimatedGraphicsBody = Body<AnimatedGraphicsTemplate>;

const imageShape = {
  name: nameField,
  comment: commentField,
  width: dimensionField.default(0),
  height: dimensionField.default(0),
  format: imageFormatField.default('jpg'),
  quality: qualityField.default(80),
};

const samplingShape = {
  sampleType: sampleTypeField,
  interval: z.number().positive(),
};

function withComment<T extends object>(body: T, comment: string | undefined): T {
  return comment === undefined ? body : { ...body, comment };
}

/** percent: 1–100 (% of the duration); time: ≥ 1 s, at most 3 decimals (MediaConvert's rate fraction). */
function checkInterval(sampleType: string, interval: number): void {
  if (sampleType === 'percent' && (interval < 1 || interval > 100)) {
    reject('interval', interval, "must be 1–100 (percent of the duration) with sampleType 'percent'");
  }
  if (
    sampleType === 'time' &&
    (interval < 1 || interval > 86400 || Math.round(interval * 1000) !== interval * 1000)
  ) {
    reject('interval', interval, "must be 1–86400 seconds with at most 3 decimals with sampleType 'time'");
  }
}

/** Validates a snapshot-by-time-offset template body. */
export function validateSnapshotTemplate(input: unknown): SnapshotBody {
  const t = parseOrThrow(strictObject(imageShape), input, '');
  return withComment(
    {
      type: 'snapshot' as const,
      name: t.name,
      width: t.width,
      height: t.height,
      format: 'jpg' as const,
      quality: t.quality,
    },
    t.comment,
  );
}

/** Validates a sampled-snapshot template body. */
export function validateSampleSnapshotTemplate(input: unknown): SampleSnapshotBody {
  const t = parseOrThrow(strictObject({ ...imageShape, ...samplingShape }), input, '');
  checkInterval(t.sampleType, t.interval);
  return withComment(
    {
      type: 'sampleSnapshot' as const,
      name: t.name,
      width: t.width,
      height: t.height,
      format: 'jpg' as const,
      quality: t.quality,
      sampleType: t.sampleType,
      interval: t.interval,
    },
    t.comment,
  );
}

const gridCount = z.number().int().min(1).max(10);

/** Validates an image-sprite template body (cell size, sampling, rows × columns 1–10). */
export function validateSpriteTemplate(input: unknown): SpriteBody {
  const t = parseOrThrow(
    strictObject({ ...imageShape, ...samplingShape, rows: gridCount, columns: gridCount }),
    input,
    '',
  );
  checkInterval(t.sampleType, t.interval);
  return withComment(
    {
      type: 'sprite' as const,
      name: t.name,
      width: t.width,
      height: t.height,
      format: 'jpg' as const,
      quality: t.quality,
      sampleType: t.sampleType,
      interval: t.interval,
      rows: t.rows,
      columns: t.columns,
    },
    t.comment,
  );
}

const animatedInput = strictObject({
  name: nameField,
  comment: commentField,
  format: z
    .string()
    .refine((v) => v === 'gif', {
      message: "must be 'gif': MediaConvert produces animated GIF only (webp is not available)",
    })
    .default('gif'),
  fps: z.number().int().min(1).max(30),
  width: dimensionField.default(0),
  height: dimensionField.default(0),
});

/** MediaConvert writes GIF frames of at most 3840x3840 (UG supported-output-resolution-maximums-by-codec). */
const GIF_MAX_DIMENSION = 3840;

/** Validates an animated-graphics (GIF) template body. */
export function validateAnimatedGraphicsTemplate(input: unknown): AnimatedGraphicsBody {
  const t = parseOrThrow(animatedInput, input, '');
  for (const dim of ['width', 'height'] as const) {
    if (t[dim] > GIF_MAX_DIMENSION) {
      reject(
        dim,
        t[dim],
        `must be at most ${GIF_MAX_DIMENSION} pixels (the largest GIF frame MediaConvert writes is ${GIF_MAX_DIMENSION}x${GIF_MAX_DIMENSION})`,
      );
    }
  }
  return withComment(
    {
      type: 'animatedGraphics' as const,
      name: t.name,
      format: 'gif' as const,
      fps: t.fps,
      width: t.width,
      height: t.height,
    },
    t.comment,
  );
}
