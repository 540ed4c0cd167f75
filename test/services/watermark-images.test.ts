/**
 * Watermark templates through the catalog: the image is read when a template is created or updated
 * (exists, PNG/TGA by content, name matching the content) and its pixel size recorded.
 */
import type { S3Location, WatermarkTemplate } from '../../lambdas/core/model';
import type { ObjectHeadReader } from '../../lambdas/core/ports';
import { CatalogService } from '../../lambdas/services/catalog-service';
import { pngHeader, tgaHeader } from '../support/image-headers';
import { MemorySchemaStore, MemoryTemplateStore } from '../support/memory-stores';
import { catchValidation } from '../unit/templates/catch-validation';

/** Objects by "bucket/key"; reads return the first bytes, like a ranged GET. */
class MemoryObjects implements ObjectHeadReader {
  readonly objects = new Map<string, Uint8Array>();
  readonly reads: string[] = [];

  async read(location: S3Location, bytes: number): Promise<Uint8Array | undefined> {
    const id = `${location.bucket}/${location.key}`;
    this.reads.push(id);
    return this.objects.get(id)?.subarray(0, bytes);
  }
}

function setup(withReader = true) {
  const objects = new MemoryObjects();
  objects.objects.set('brand/logo.png', pngHeader(200, 100));
  objects.objects.set('brand/mark.tga', tgaHeader(64, 256));
  objects.objects.set('brand/photo.png', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
  objects.objects.set('brand/really-tga.png', tgaHeader(10, 10));
  const catalog = new CatalogService({
    templates: new MemoryTemplateStore(),
    schemas: new MemorySchemaStore(),
    ...(withReader ? { watermarkImages: objects } : {}),
  });
  return { catalog, objects };
}

async function rejected(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return catchValidation(() => {
    throw err;
  });
}

describe('watermark images', () => {
  it('records the image size read from the PNG or TGA header, replacing any given one', async () => {
    const { catalog, objects } = setup();
    const png = (await catalog.createTemplate('watermark', {
      name: 'logo',
      image: 's3://brand/logo.png',
      width: '100px',
      imageWidth: 1,
      imageHeight: 1,
    })) as WatermarkTemplate;
    expect(png).toMatchObject({ imageWidth: 200, imageHeight: 100, width: { value: 100, unit: 'px' } });
    expect(png.height).toBeUndefined();
    const tga = (await catalog.createTemplate('watermark', {
      name: 'mark',
      image: 's3://brand/mark.tga',
    })) as WatermarkTemplate;
    expect(tga).toMatchObject({ imageWidth: 64, imageHeight: 256 });
    expect(tga.width).toBeUndefined();
    expect(objects.reads).toEqual(['brand/logo.png', 'brand/mark.tga']);

    // An update reads the (new) image again.
    const updated = (await catalog.replaceTemplate(png.id, (t) => ({
      name: t.name,
      image: 's3://brand/mark.tga',
      width: '100px',
    }))) as WatermarkTemplate;
    expect(updated).toMatchObject({ imageWidth: 64, imageHeight: 256 });
  });

  it('refuses a missing image, another format and a name that contradicts the content, saying what is allowed', async () => {
    const { catalog } = setup();
    const create = (image: string) => catalog.createTemplate('watermark', { name: 'x', image });

    const missing = await rejected(create('s3://brand/nope.png'));
    expect(missing.field).toBe('image');
    expect(missing.message).toBe(
      'image s3://brand/nope.png does not exist or the service cannot read it; upload the image first ' +
        '(watermark images must be PNG or TGA files (MediaConvert overlays no other format)), into a bucket ' +
        'of this deployment (a trigger or asset bucket)',
    );
    const jpeg = await rejected(create('s3://brand/photo.png'));
    expect(jpeg.message).toBe(
      'image s3://brand/photo.png is a JPEG image; watermark images must be PNG or TGA files ' +
        '(MediaConvert overlays no other format)',
    );
    const renamed = await rejected(create('s3://brand/really-tga.png'));
    expect(renamed.message).toMatch(/is a TGA image but its name ends in \.png; rename it to \.tga/);
  });

  it('without a reader, needs the image size when width or height is left to the image', async () => {
    const { catalog } = setup(false);
    const err = await rejected(
      catalog.createTemplate('watermark', { name: 'x', image: 's3://brand/logo.png' }),
    );
    expect(err.field).toBe('imageWidth');
    const given = (await catalog.createTemplate('watermark', {
      name: 'y',
      image: 's3://brand/logo.png',
      width: '10%',
      imageWidth: 300,
      imageHeight: 150,
    })) as WatermarkTemplate;
    expect(given).toMatchObject({ imageWidth: 300, imageHeight: 150 });
  });
});
