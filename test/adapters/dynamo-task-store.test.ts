import { DynamoTaskStore } from '../../lambdas/adapters/dynamo-task-store';
import type { Task } from '../../lambdas/core/model';
import { startDynalite, type LocalTable } from '../support/dynalite';
import { makeTask } from '../support/tasks';

let db: LocalTable;
let store: DynamoTaskStore;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db.stop());
beforeEach(async () => {
  store = new DynamoTaskStore(db.doc, await db.newTable());
});

const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('DynamoTaskStore', () => {
  it('creates once; a second create with the same id reports exists and keeps the first', async () => {
    const task = makeTask({ taskId: 't-1', createdAt: at(1) });
    expect(await store.create(task)).toBe('created');
    expect(await store.create({ ...task, sessionContext: 'other' })).toBe('exists');
    expect(await store.get('t-1')).toEqual(task);
  });

  it('updates only when the stored version is the expected one', async () => {
    const task = makeTask({ taskId: 't-1', createdAt: at(1) });
    await store.create(task);
    const v2: Task = { ...task, status: 'PROCESSING', version: 2 };
    expect(await store.update(v2, 1)).toBe(true);
    expect(await store.update({ ...task, status: 'FINISH', version: 2 }, 1)).toBe(false);
    expect((await store.get('t-1'))?.status).toBe('PROCESSING');
    await expect(store.update({ ...v2, version: 5 }, 2)).rejects.toThrow(/expectedVersion \+ 1/);
  });

  it('lists all tasks newest first across statuses, paging with a token', async () => {
    const statuses = ['WAITING', 'PROCESSING', 'FINISH'] as const;
    for (let i = 0; i < 7; i++) {
      await store.create(makeTask({ taskId: `t-${i}`, createdAt: at(i), status: statuses[i % 3]! }));
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await store.list({ limit: 3, ...(token ? { nextToken: token } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((t) => t.taskId));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(['t-6', 't-5', 't-4', 't-3', 't-2', 't-1', 't-0']);
  });

  it('filters by status (GSI1), schema (GSI2), time bounds and ids', async () => {
    await store.create(makeTask({ taskId: 'a', createdAt: at(1), status: 'FINISH' }));
    await store.create(makeTask({ taskId: 'b', createdAt: at(2), status: 'WAITING', schemaId: 'sch-2' }));
    await store.create(makeTask({ taskId: 'c', createdAt: at(3), status: 'FINISH', schemaId: 'sch-2' }));
    await store.create(makeTask({ taskId: 'd', createdAt: at(4), origin: 'api', schemaId: undefined }));
    const ids = async (f: Parameters<DynamoTaskStore['list']>[0]) =>
      (await store.list(f)).items.map((t) => t.taskId);
    expect(await ids({ status: 'FINISH' })).toEqual(['c', 'a']);
    expect(await ids({ schemaId: 'sch-2' })).toEqual(['c', 'b']);
    expect(await ids({ schemaId: 'sch-2', status: 'WAITING' })).toEqual(['b']);
    expect(await ids({ from: at(2), to: at(3) })).toEqual(['c', 'b']);
    expect(await ids({ ids: ['a', 'd', 'missing'] })).toEqual(['d', 'a']);
  });

  it('filters by result: only FINISH tasks with that result, alone or with other filters', async () => {
    await store.create(makeTask({ taskId: 'ok', createdAt: at(1), status: 'FINISH', result: 'SUCCESS' }));
    await store.create(makeTask({ taskId: 'bad', createdAt: at(2), status: 'FINISH', result: 'FAIL' }));
    await store.create(
      makeTask({ taskId: 'bad2', createdAt: at(3), status: 'FINISH', result: 'FAIL', schemaId: 'sch-2' }),
    );
    await store.create(makeTask({ taskId: 'run', createdAt: at(4), status: 'PROCESSING' }));
    const ids = async (f: Parameters<DynamoTaskStore['list']>[0]) =>
      (await store.list(f)).items.map((t) => t.taskId);
    expect(await ids({ result: 'FAIL' })).toEqual(['bad2', 'bad']);
    expect(await ids({ result: 'SUCCESS' })).toEqual(['ok']);
    expect(await ids({ result: 'FAIL', schemaId: 'sch-2' })).toEqual(['bad2']);
    expect(await ids({ result: 'FAIL', status: 'PROCESSING' })).toEqual([]);
    expect(await ids({ result: 'ABORTED' })).toEqual([]);
  });

  it('moves a task between status partitions when its status changes', async () => {
    const task = makeTask({ taskId: 't-1', createdAt: at(1) });
    await store.create(task);
    await store.update({ ...task, status: 'FINISH', result: 'SUCCESS', version: 2 }, 1);
    expect((await store.list({ status: 'WAITING' })).items).toEqual([]);
    expect((await store.list({ status: 'FINISH' })).items.map((t) => t.taskId)).toEqual(['t-1']);
  });

  it('finds tasks with outbox events decided by a cutoff (sparse GSI3), oldest first; none once relayed', async () => {
    const pending = (minute: number) => ({
      [`evt-${minute}`]: {
        eventType: 'TaskChanged' as const,
        version: 1,
        time: at(minute),
        targets: [{ type: 'queue' as const, target: 'q' }],
      },
    });
    // 20 tasks spread over the shards; every other one has an event pending since minute i.
    for (let i = 0; i < 20; i++) {
      await store.create(
        makeTask({ taskId: `t-${i}`, createdAt: at(i), ...(i % 2 === 0 ? { outbox: pending(i) } : {}) }),
      );
    }
    expect(await store.withPendingEvents(at(9), 100)).toEqual(['t-0', 't-2', 't-4', 't-6', 't-8']);
    expect(await store.withPendingEvents(at(59), 3)).toEqual(['t-0', 't-2', 't-4']);
    // The oldest pending event decides the order; emptying the outbox takes the task out of the index.
    const t0 = (await store.get('t-0'))!;
    expect(await store.update({ ...t0, outbox: { ...pending(30) }, version: 2 }, 1)).toBe(true);
    const t2 = (await store.get('t-2'))!;
    const { outbox: _o, ...withoutOutbox } = t2;
    expect(await store.update({ ...withoutOutbox, version: 2 }, 1)).toBe(true);
    expect(await store.withPendingEvents(at(59), 100)).toEqual([
      ...['t-4', 't-6', 't-8', 't-10', 't-12', 't-14', 't-16', 't-18'],
      't-0',
    ]);
    expect(await store.get('t-2')).toEqual({ ...withoutOutbox, version: 2 });
  });

  it('rejects a token it did not issue', async () => {
    await expect(store.list({ nextToken: 'not-a-token' })).rejects.toThrow(/nextToken/);
  });
});
