import '../support/handler-env';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { seedEntry } from '../../lambdas/entries/seed';
import { CatalogService } from '../../lambdas/services/catalog-service';
import { SeedService } from '../../lambdas/services/seed-service';
import { memoryStores } from '../support/memory-stores';

const TEMPLATE = {
  id: 1_000_001,
  type: 'transcode',
  name: 'mp4-720p',
  container: 'mp4',
  video: { codec: 'h264', width: 1280, height: 720, fps: 30, bitrateKbps: 1800, rateControl: 'VBR' },
  audio: { codec: 'aac', bitrateKbps: 128, sampleRate: 48000, channels: 2 },
  removeVideo: false,
  removeAudio: false,
};
const SCHEMA = {
  name: 'videos',
  trigger: { bucket: 'in-bucket', directory: 'videos/' },
  output: { bucket: 'out-bucket', directory: 'videos/' },
  items: { transcode: [{ templateId: 1_000_001 }, { templateId: 100010 }] },
};

function cfnEvent(
  type: 'Create' | 'Update' | 'Delete',
  props: Record<string, unknown>,
): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/mps/1',
    RequestId: 'req-1',
    LogicalResourceId: 'SeedResource',
    ResourceType: 'Custom::MpsSeed',
    ResourceProperties: { ServiceToken: 'x', ...props },
  };
  if (type === 'Create') return { ...base, RequestType: 'Create' };
  if (type === 'Update')
    return {
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: 'mps-seed-SeedResource',
      OldResourceProperties: { ServiceToken: 'x' },
    };
  return { ...base, RequestType: 'Delete', PhysicalResourceId: 'mps-seed-SeedResource' };
}

function setup(now = '2026-03-01T10:00:00.000Z') {
  const stores = memoryStores();
  let clock = now;
  const clockNow = () => clock;
  const handler = seedEntry({
    seed: new SeedService({ catalog: new CatalogService({ ...stores, now: clockNow }) }),
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  return { stores, handler, setClock: (t: string) => (clock = t) };
}

const props = (templates: unknown[], schemas: unknown[], extra: Record<string, unknown> = {}) => ({
  Templates: JSON.stringify(templates),
  Schemas: JSON.stringify(schemas),
  ...extra,
});

describe('seed custom resource', () => {
  it('creates templates and enabled schemas, then is idempotent on update', async () => {
    const { stores, handler, setClock } = setup();
    const created = await handler(cfnEvent('Create', props([TEMPLATE], [SCHEMA])));
    expect(created).toEqual({
      PhysicalResourceId: 'mps-seed-SeedResource',
      Data: { TemplatesWritten: 1, SchemasWritten: 1 },
    });
    const schema = await stores.schemas.getByName('videos');
    expect(schema).toMatchObject({ status: 'enabled', enabledAt: '2026-03-01T10:00:00.000Z' });
    expect(await stores.templates.get(1_000_001)).toMatchObject({ name: 'mp4-720p', preset: false });
    const rev = await stores.schemas.revision();

    setClock('2026-03-02T10:00:00.000Z');
    const again = await handler(cfnEvent('Update', props([TEMPLATE], [SCHEMA])));
    expect(again.Data).toEqual({ TemplatesWritten: 0, SchemasWritten: 0 });
    expect(await stores.schemas.revision()).toBe(rev);

    const changed = await handler(
      cfnEvent(
        'Update',
        props([TEMPLATE], [{ ...SCHEMA, output: { bucket: 'out-bucket', directory: 'done/' } }]),
      ),
    );
    expect(changed.Data.SchemasWritten).toBe(1);
    const updated = await stores.schemas.getByName('videos');
    expect(updated).toMatchObject({
      id: schema!.id,
      createdAt: schema!.createdAt,
      enabledAt: schema!.enabledAt,
      output: { directory: 'done/' },
    });
  });

  it('rejects invalid declarations without writing anything', async () => {
    const { stores, handler } = setup();
    await expect(
      handler(
        cfnEvent(
          'Create',
          props([TEMPLATE], [{ ...SCHEMA, items: { transcode: [{ templateId: 1_000_999 }] } }]),
        ),
      ),
    ).rejects.toThrow(/Schemas\[0\]/);
    await expect(handler(cfnEvent('Create', props([{ ...TEMPLATE, id: 5 }], [])))).rejects.toThrow(
      /Templates\[0\]\.id/,
    );
    expect(stores.templates.items.size).toBe(0);
    expect(stores.schemas.items.size).toBe(0);
  });

  it('keeps user data on delete unless RemoveOnDelete is "true"', async () => {
    const { stores, handler } = setup();
    await handler(cfnEvent('Create', props([TEMPLATE], [SCHEMA])));
    await handler(cfnEvent('Delete', props([TEMPLATE], [SCHEMA])));
    expect(await stores.schemas.getByName('videos')).toBeDefined();
    await handler(cfnEvent('Delete', props([TEMPLATE], [SCHEMA], { RemoveOnDelete: 'true' })));
    expect(await stores.schemas.getByName('videos')).toBeUndefined();
    expect(await stores.templates.get(1_000_001)).toBeUndefined();
  });
});
