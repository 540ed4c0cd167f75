import { z } from 'zod';
import type { S3Location, WatermarkTemplate } from '../model';
import { parseOrThrow, strictObject } from '../schemas/zod-issues';
import { commentField, lengthField, nameField, reject, toLength } from './common-fields';

export type WatermarkBody = Omit<WatermarkTemplate, 'id' | 'preset' | 'createdAt' | 'updatedAt'>;

/**
 * MediaConvert's ImageInserter reads PNG and TGA only ("File type: Use .png or .tga", UG
 * requirements-for-the-overlay-file; its API pattern still admits .bmp, which the docs no longer list).
 */
export const WATERMARK_IMAGE_EXTENSIONS = ['png', 'tga'] as const;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_URL = /^s3:\/\/([^/]+)\/(.+)$/;

const imageInput = z.union([z.string(), strictObject({ bucket: z.string(), key: z.string() })], {
  error: 'must be "s3://bucket/key.png" or { bucket, key }',
});

const watermarkInput = strictObject({
  name: nameField,
  comment: commentField,
  image: imageInput,
  anchor: z.enum(['TopLeft', 'TopRight', 'BottomLeft', 'BottomRight']).default('TopLeft'),
  xOffset: lengthField.default('0px'),
  yOffset: lengthField.default('0px'),
  width: lengthField.optional(),
  height: lengthField.optional(),
  imageWidth: z.number().int().min(1).max(8192).optional(),
  imageHeight: z.number().int().min(1).max(8192).optional(),
  opacity: z.number().int().min(0).max(100).default(100),
  startTime: z.number().min(0).optional(),
  endTime: z.number().positive().optional(),
});

function toImage(input: z.infer<typeof imageInput>): S3Location {
  let image: S3Location;
  if (typeof input === 'string') {
    const match = S3_URL.exec(input);
    if (!match) reject('image', input, 'must be "s3://bucket/key" or { bucket, key }');
    image = { bucket: match[1]!, key: match[2]! };
  } else {
    image = input;
  }
  if (!BUCKET_NAME.test(image.bucket)) {
    reject('image.bucket', image.bucket, 'must be an S3 bucket name (3–63 characters: a-z, 0-9, ".", "-")');
  }
  const extension = /\.([^./]+)$/.exec(image.key)?.[1]?.toLowerCase();
  if (!extension || !(WATERMARK_IMAGE_EXTENSIONS as readonly string[]).includes(extension)) {
    const other = extension === 'jpg' || extension === 'jpeg' || extension === 'bmp';
    reject(
      'image.key',
      image.key,
      `must end with .${WATERMARK_IMAGE_EXTENSIONS.join(' or .')}` +
        (other
          ? ` (MediaConvert overlays PNG or TGA images only; convert the ${extension.toUpperCase()} to PNG)`
          : ''),
    );
  }
  return image;
}

/** True when a side of the watermark is left to the image (its aspect ratio or its own size). */
export function watermarkUsesImageSize(t: Pick<WatermarkTemplate, 'width' | 'height'>): boolean {
  return t.width === undefined || t.height === undefined;
}

/**
 * Throws ValidationError (field imageWidth) when the rendered size of a watermark cannot be known: a side
 * is left to the image (no width, or no height) but the image's pixel size is not recorded. The control
 * API records it from the image's header; declarations (seeds) give imageWidth and imageHeight.
 */
export function assertWatermarkSizeKnown(
  t: Pick<WatermarkTemplate, 'width' | 'height' | 'imageWidth' | 'imageHeight'>,
): void {
  if (watermarkUsesImageSize(t) && (t.imageWidth === undefined || t.imageHeight === undefined)) {
    reject(
      'imageWidth',
      undefined,
      "is required with imageHeight (the image file's pixel size) when width or height is omitted: the " +
        "missing side follows the image's aspect ratio (neither: the image's own size); the control API " +
        'reads them from the image, declared templates must give them (or both width and height)',
    );
  }
}

/** Validates a watermark template body (API form) and returns the normalised model form. */
export function validateWatermarkTemplate(input: unknown): WatermarkBody {
  const t = parseOrThrow(watermarkInput, input, '');
  const body: WatermarkBody = {
    type: 'watermark',
    name: t.name,
    image: toImage(t.image),
    anchor: t.anchor,
    xOffset: toLength(t.xOffset, 'xOffset'),
    yOffset: toLength(t.yOffset, 'yOffset'),
    opacity: t.opacity,
  };
  if (t.width !== undefined) {
    body.width = toLength(t.width, 'width');
    if (body.width.value === 0) reject('width', t.width, 'must be greater than 0');
  }
  if (t.height !== undefined) {
    body.height = toLength(t.height, 'height');
    if (body.height.value === 0) reject('height', t.height, 'must be greater than 0');
  }
  if ((t.imageWidth === undefined) !== (t.imageHeight === undefined)) {
    const field = t.imageWidth === undefined ? 'imageWidth' : 'imageHeight';
    reject(field, undefined, 'is required when the other of imageWidth/imageHeight is given');
  }
  if (t.comment !== undefined) body.comment = t.comment;
  if (t.imageWidth !== undefined) body.imageWidth = t.imageWidth;
  if (t.imageHeight !== undefined) body.imageHeight = t.imageHeight;
  if (t.startTime !== undefined) body.startTime = t.startTime;
  if (t.endTime !== undefined) {
    const start = t.startTime ?? 0;
    if (t.endTime <= start) reject('endTime', t.endTime, `must be greater than startTime (${start})`);
    body.endTime = t.endTime;
  }
  return body;
}
