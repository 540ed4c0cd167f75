/**
 * Watermark images, checked when a template is created or updated: the object must exist and be a PNG
 * or TGA image by its content (MediaConvert's ImageInserter overlays nothing else), and its pixel size is
 * recorded on the template so that jobs keep its aspect ratio.
 */
import { ValidationError } from '../core/errors';
import type { S3Location, WatermarkTemplate } from '../core/model';
import type { ObjectHeadReader } from '../core/ports';
import { IMAGE_HEADER_BYTES, type ImageHeader, parseImageHeader } from '../core/probe';
import { assertWatermarkSizeKnown } from '../core/templates';

const ALLOWED = 'watermark images must be PNG or TGA files (MediaConvert overlays no other format)';

/**
 * Reads the header of a watermark image. ValidationError (field `image`) when the object does not exist
 * (or cannot be read: S3 answers 403 for a missing key to callers without ListBucket), is not a PNG or
 * TGA image, or is named with the other format's extension.
 */
export async function readWatermarkImage(reader: ObjectHeadReader, image: S3Location): Promise<ImageHeader> {
  const where = `s3://${image.bucket}/${image.key}`;
  const bytes = await reader.read(image, IMAGE_HEADER_BYTES);
  if (bytes === undefined) {
    throw new ValidationError(
      `image ${where} does not exist or the service cannot read it; upload the image first (${ALLOWED}), ` +
        'into a bucket of this deployment (a trigger or asset bucket)',
      'image',
    );
  }
  const header = parseImageHeader(bytes);
  if (!header.ok) throw new ValidationError(`image ${where} ${header.reason}; ${ALLOWED}`, 'image');
  const extension = /\.([^./]+)$/.exec(image.key)?.[1]?.toLowerCase();
  if (extension !== header.image.format) {
    throw new ValidationError(
      `image ${where} is a ${header.image.format.toUpperCase()} image but its name ends in .${extension}; ` +
        `rename it to .${header.image.format} (the name must match the content)`,
      'image',
    );
  }
  return header.image;
}

/**
 * The watermark with its image's pixel size read from the image (replacing any given size), when a
 * reader is available; then checks that its rendered size can be known.
 */
export async function withImageSize<
  T extends Omit<WatermarkTemplate, 'id' | 'preset' | 'createdAt' | 'updatedAt'>,
>(template: T, reader: ObjectHeadReader | undefined): Promise<T> {
  let sized = template;
  if (reader) {
    const { width, height } = await readWatermarkImage(reader, template.image);
    sized = { ...template, imageWidth: width, imageHeight: height };
  }
  assertWatermarkSizeKnown(sized);
  return sized;
}
