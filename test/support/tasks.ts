/** Small builders of realistic domain objects for adapter/handler tests. */
import type { Schema, Task } from '../../lambdas/core/model';

export function makeTask(over: Partial<Task> & { taskId: string; createdAt: string }): Task {
  return {
    origin: 'schema',
    schemaId: 'sch-1',
    schemaName: 'videos',
    input: { bucket: 'in', key: 'videos/a.mp4' },
    output: { bucket: 'out', directory: 'videos/' },
    status: 'WAITING',
    subtasks: [
      {
        type: 'Transcode',
        item: { templateId: 100010 },
        no: 1,
        status: 'WAITING',
        attempt: 1,
        progress: 0,
        outputs: [],
        history: [],
      },
    ],
    idempotencyKey: `k-${over.taskId}`,
    version: 1,
    ...over,
  };
}

export function makeSchema(over: Partial<Schema> & { id: string; name: string }): Schema {
  return {
    trigger: { bucket: 'in', directory: 'videos/' },
    output: { bucket: 'out', directory: 'videos/' },
    items: { transcode: [{ templateId: 100010 }] },
    status: 'enabled',
    enabledAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
