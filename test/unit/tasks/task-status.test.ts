import type { Subtask, SubtaskStatus } from '../../../lambdas/core/model';
import { deriveTaskResult, deriveTaskStatus, summarizeTask } from '../../../lambdas/core/tasks';

const subs = (...statuses: SubtaskStatus[]) => statuses.map((status) => ({ status }));

describe('deriveTaskStatus', () => {
  it.each<[SubtaskStatus[], string]>([
    [['WAITING', 'WAITING'], 'WAITING'],
    [['PROCESSING', 'WAITING'], 'PROCESSING'],
    [['SUCCESS', 'WAITING'], 'PROCESSING'],
    [['FAIL', 'PROCESSING'], 'PROCESSING'],
    [['SUCCESS', 'FAIL'], 'FINISH'],
    [['ABORTED'], 'FINISH'],
  ])('%j → %s', (statuses, expected) => {
    expect(deriveTaskStatus(subs(...statuses))).toBe(expected);
  });
});

describe('deriveTaskResult', () => {
  it.each<[SubtaskStatus[], string | undefined]>([
    [['SUCCESS', 'SUCCESS'], 'SUCCESS'],
    [['FAIL', 'FAIL'], 'FAIL'],
    [['SUCCESS', 'FAIL'], 'PARTIAL_FAILURE'],
    [['SUCCESS', 'ABORTED'], 'ABORTED'],
    [['FAIL', 'ABORTED'], 'ABORTED'],
    [['SUCCESS', 'PROCESSING'], undefined],
  ])('%j → %s', (statuses, expected) => {
    expect(deriveTaskResult(subs(...statuses))).toBe(expected);
  });
});

describe('summarizeTask', () => {
  const sub = (status: SubtaskStatus, startedAt?: string, finishedAt?: string) =>
    ({ status, ...(startedAt ? { startedAt } : {}), ...(finishedAt ? { finishedAt } : {}) }) as Subtask;

  it('takes the earliest start and, once finished, the latest finish', () => {
    const summary = summarizeTask({
      subtasks: [
        sub('SUCCESS', '2026-01-01T00:00:05Z', '2026-01-01T00:01:00Z'),
        sub('FAIL', '2026-01-01T00:00:02.500Z', '2026-01-01T00:02:00Z'),
      ],
    });
    expect(summary).toEqual({
      status: 'FINISH',
      result: 'PARTIAL_FAILURE',
      startedAt: '2026-01-01T00:00:02.500Z',
      finishedAt: '2026-01-01T00:02:00Z',
    });
  });

  it('has no finishedAt or result while a subtask runs, and no startedAt before any start', () => {
    expect(
      summarizeTask({
        subtasks: [
          sub('SUCCESS', '2026-01-01T00:00:30Z', '2026-01-01T00:01:00Z'),
          sub('PROCESSING', '2026-01-01T00:00:00Z'),
        ],
      }),
    ).toEqual({
      status: 'PROCESSING',
      startedAt: '2026-01-01T00:00:00Z',
    });
    expect(summarizeTask({ subtasks: [sub('WAITING')] })).toEqual({ status: 'WAITING' });
  });
});
