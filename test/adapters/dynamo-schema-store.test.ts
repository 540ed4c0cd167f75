import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoSchemaStore } from '../../lambdas/adapters/dynamo-schema-store';
import { keys } from '../../lambdas/adapters/dynamo-table';
import { ConflictError } from '../../lambdas/core/errors';
import { startDynalite, type LocalTable } from '../support/dynalite';
import { makeSchema } from '../support/tasks';

let db: LocalTable;
let table: string;
let store: DynamoSchemaStore;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  table = await db.newTable();
  store = new DynamoSchemaStore(db.doc, table);
});

describe('DynamoSchemaStore', () => {
  it('creates, reads by id and by name, and bumps the revision on every write', async () => {
    expect(await store.revision()).toBe(0);
    const s = makeSchema({ id: 'sch-1', name: 'videos' });
    await store.put(s, { expectNew: true });
    expect(await store.get('sch-1')).toEqual(s);
    expect(await store.getByName('videos')).toEqual(s);
    expect(await store.revision()).toBe(1);
    await store.delete('sch-1');
    expect(await store.revision()).toBe(2);
    expect(await store.getByName('videos')).toBeUndefined();
  });

  it('keeps names unique, and frees a name on rename', async () => {
    await store.put(makeSchema({ id: 'sch-1', name: 'videos' }), { expectNew: true });
    await expect(store.put(makeSchema({ id: 'sch-2', name: 'videos' }), { expectNew: true })).rejects.toThrow(
      ConflictError,
    );
    expect(await store.get('sch-2')).toBeUndefined();
    await store.put(makeSchema({ id: 'sch-1', name: 'clips', updatedAt: '2026-01-02T00:00:00.000Z' }));
    await store.put(makeSchema({ id: 'sch-2', name: 'videos' }), { expectNew: true });
    expect((await store.getByName('videos'))?.id).toBe('sch-2');
    expect((await store.getByName('clips'))?.id).toBe('sch-1');
  });

  it('takes over a name lock left behind by a crashed writer', async () => {
    await db.doc.send(
      new PutCommand({ TableName: table, Item: { ...keys.schemaNameLock('videos'), schemaId: 'sch-gone' } }),
    );
    await store.put(makeSchema({ id: 'sch-1', name: 'videos' }), { expectNew: true });
    expect((await store.getByName('videos'))?.id).toBe('sch-1');
  });

  it('rejects expectNew on an existing id and a stale expectUpdatedAt, releasing the new name', async () => {
    const s = makeSchema({ id: 'sch-1', name: 'videos' });
    await store.put(s, { expectNew: true });
    await expect(store.put({ ...s, name: 'other' }, { expectNew: true })).rejects.toThrow(/already exists/);
    await expect(
      store.put({ ...s, name: 'other' }, { expectUpdatedAt: '1999-01-01T00:00:00Z' }),
    ).rejects.toThrow(/changed by someone else/);
    await store.put(makeSchema({ id: 'sch-2', name: 'other' }), { expectNew: true });
    await store.put({ ...s, updatedAt: '2026-02-01T00:00:00.000Z' }, { expectUpdatedAt: s.updatedAt });
    expect((await store.get('sch-1'))?.updatedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('lists enabled schemas consistently and pages the full list', async () => {
    await store.put(makeSchema({ id: 'sch-1', name: 'a' }), { expectNew: true });
    await store.put(makeSchema({ id: 'sch-2', name: 'b', status: 'disabled' }), { expectNew: true });
    await store.put(makeSchema({ id: 'sch-3', name: 'c' }), { expectNew: true });
    expect((await store.listEnabled()).map((s) => s.id).sort()).toEqual(['sch-1', 'sch-3']);
    const first = await store.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await store.list({ limit: 2, nextToken: first.nextToken! });
    expect([...first.items, ...second.items].map((s) => s.id).sort()).toEqual(['sch-1', 'sch-2', 'sch-3']);
    expect((await store.list({ status: 'disabled' })).items.map((s) => s.id)).toEqual(['sch-2']);
  });
});
