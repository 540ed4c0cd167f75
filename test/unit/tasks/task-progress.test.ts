import type { SubtaskStatus } from '../../../lambdas/core/model';
import { taskProgress } from '../../../lambdas/core/tasks';

const sub = (status: SubtaskStatus, progress = 0) => ({ status, progress });

describe('taskProgress', () => {
  it('is the mean of the subtasks, an ended subtask counting 100 whatever its own progress', () => {
    expect(taskProgress({ subtasks: [sub('WAITING'), sub('PROCESSING', 50)] })).toBe(25);
    expect(taskProgress({ subtasks: [sub('SUCCESS', 100), sub('PROCESSING', 40)] })).toBe(70);
    expect(taskProgress({ subtasks: [sub('FAIL', 10), sub('WAITING')] })).toBe(50);
    expect(taskProgress({ subtasks: [sub('ABORTED', 0), sub('PROCESSING', 33), sub('WAITING')] })).toBe(44);
  });

  it('is 100 only when every subtask has ended', () => {
    expect(taskProgress({ subtasks: [sub('SUCCESS', 100), sub('PROCESSING', 100)] })).toBe(99);
    expect(taskProgress({ subtasks: [sub('SUCCESS', 100), sub('FAIL', 0)] })).toBe(100);
    expect(taskProgress({ subtasks: [] })).toBe(100);
  });

  it('clamps out-of-range subtask progress', () => {
    expect(taskProgress({ subtasks: [sub('PROCESSING', 250), sub('PROCESSING', -5)] })).toBe(50);
  });
});
