import {
  assertWatermarkSizeKnown,
  validateTemplate,
  validateWatermarkTemplate,
  watermarkUsesImageSize,
} from '../../../lambdas/core/templates';
import { catchValidation } from './catch-validation';

const base = { name: 'logo', image: 's3://brand-assets/logo.png' };

function rejection(input: Record<string, unknown>) {
  return catchValidation(() => validateWatermarkTemplate(input));
}

describe('watermark template', () => {
  it('applies defaults and parses the image URL', () => {
    expect(validateTemplate('watermark', base)).toEqual({
      type: 'watermark',
      name: 'logo',
      image: { bucket: 'brand-assets', key: 'logo.png' },
      anchor: 'TopLeft',
      xOffset: { value: 0, unit: 'px' },
      yOffset: { value: 0, unit: 'px' },
      opacity: 100,
    });
  });

  it('leaves width and height to the image unless given, and can tell when its size is needed', () => {
    const t = validateWatermarkTemplate({ ...base, width: '50px' });
    expect(t.width).toEqual({ value: 50, unit: 'px' });
    expect(t.height).toBeUndefined();
    expect(watermarkUsesImageSize(t)).toBe(true);
    const err = catchValidation(() => assertWatermarkSizeKnown(t));
    expect(err.field).toBe('imageWidth');
    expect(err.message).toMatch(/aspect ratio/);
    expect(() => assertWatermarkSizeKnown({ ...t, imageWidth: 200, imageHeight: 100 })).not.toThrow();
    const both = validateWatermarkTemplate({ ...base, width: '50px', height: '20px' });
    expect(watermarkUsesImageSize(both)).toBe(false);
    expect(() => assertWatermarkSizeKnown(both)).not.toThrow();
  });

  it('accepts every form of lengths, anchors, image size and times', () => {
    const t = validateWatermarkTemplate({
      name: 'corner',
      image: { bucket: 'brand-assets', key: 'dir/Logo Mark.PNG' },
      anchor: 'BottomRight',
      xOffset: '5%',
      yOffset: 16,
      width: '120px',
      height: { value: 8, unit: '%' },
      imageWidth: 400,
      imageHeight: 100,
      opacity: 60,
      startTime: 2,
      endTime: 12.5,
      comment: 'brand',
    });
    expect(t).toMatchObject({
      image: { bucket: 'brand-assets', key: 'dir/Logo Mark.PNG' },
      anchor: 'BottomRight',
      xOffset: { value: 5, unit: '%' },
      yOffset: { value: 16, unit: 'px' },
      width: { value: 120, unit: 'px' },
      height: { value: 8, unit: '%' },
      imageWidth: 400,
      imageHeight: 100,
      opacity: 60,
      startTime: 2,
      endTime: 12.5,
    });
  });

  it.each(['tga', 'TGA', 'png'])('accepts .%s images', (ext) => {
    expect(validateWatermarkTemplate({ ...base, image: `s3://brand-assets/logo.${ext}` }).image.key).toBe(
      `logo.${ext}`,
    );
  });

  it.each([
    ['jpg', 'JPG'],
    ['bmp', 'BMP'],
  ])('rejects .%s images with the MediaConvert reason', (ext, name) => {
    const err = rejection({ ...base, image: `s3://brand-assets/logo.${ext}` });
    expect(err.field).toBe('image.key');
    expect(err.message).toContain('must end with .png or .tga');
    expect(err.message).toContain(`MediaConvert overlays PNG or TGA images only; convert the ${name} to PNG`);
    expect(rejection({ ...base, image: 's3://brand-assets/logo.jpeg' }).field).toBe('image.key');
    expect(rejection({ ...base, image: 's3://brand-assets/logo' }).field).toBe('image.key');
  });

  it('rejects malformed image locations', () => {
    expect(rejection({ ...base, image: 'https://example.com/logo.png' }).field).toBe('image');
    expect(rejection({ ...base, image: 's3://Bad_Bucket/logo.png' }).field).toBe('image.bucket');
    expect(rejection({ ...base, image: 42 }).field).toBe('image');
  });

  it.each([
    [
      'anchor',
      'Center',
      'anchor must be one of "TopLeft", "TopRight", "BottomLeft", "BottomRight"; got "Center"',
    ],
    [
      'xOffset',
      '5em',
      'xOffset must be a length in pixels ("16px" or 16) or a percentage of the frame ("5%"); got "5em"',
    ],
    ['yOffset', '150%', 'yOffset as a percentage must be 0–100%; got "150%"'],
    ['width', '0px', 'width must be greater than 0; got "0px"'],
    ['height', '0%', 'height must be greater than 0; got "0%"'],
    ['opacity', 101, 'opacity must be ≤ 100; got 101'],
    ['startTime', -1, 'startTime must be ≥ 0; got -1'],
  ])('rejects %s %p', (field, value, message) => {
    const err = rejection({ ...base, [field]: value });
    expect(err.field).toBe(field);
    expect(err.message).toBe(message);
  });

  it('needs endTime after startTime and both image dimensions together', () => {
    expect(rejection({ ...base, startTime: 5, endTime: 5 }).message).toBe(
      'endTime must be greater than startTime (5); got 5',
    );
    expect(rejection({ ...base, endTime: 0 }).field).toBe('endTime');
    expect(rejection({ ...base, imageWidth: 100 }).field).toBe('imageHeight');
  });
});
