import type { JobStateEvent, Task } from '../../../lambdas/core/model';
import { applyJobEvent } from '../../../lambdas/core/tasks';
import { at, jobEvent, outputOf, submittedTask } from './task-fixtures';

/** Small seeded PRNG (mulberry32) so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one MediaConvert job emits, in order: PROGRESSING, rising STATUS_UPDATEs, one terminal event. */
function jobSequence(task: Task, no: number, rnd: () => number): JobStateEvent[] {
  let t = 2 + no * 100;
  const events = [jobEvent(task, no, { status: 'PROGRESSING', time: at(t) })];
  let progress = 0;
  const updates = Math.floor(rnd() * 5);
  for (let i = 0; i < updates; i++) {
    progress = Math.min(99, progress + 1 + Math.floor(rnd() * 30));
    events.push(jobEvent(task, no, { status: 'STATUS_UPDATE', progress, time: at((t += 10)) }));
  }
  const end = rnd();
  const time = at(t + 10);
  if (end < 0.5) {
    const outputs = [outputOf(task, no, '.mp4', 1000 + no)];
    events.push(jobEvent(task, no, { status: 'COMPLETE', progress: 100, outputs, time }));
  } else if (end < 0.8) {
    events.push(
      jobEvent(task, no, { status: 'ERROR', errorCode: '1010', errorMessage: `job ${no} failed`, time }),
    );
  } else {
    events.push(jobEvent(task, no, { status: 'CANCELED', time }));
  }
  return events;
}

/** Events that must never count: a previous attempt's job and a foreign job for the same subtask. */
function noise(task: Task, no: number): JobStateEvent[] {
  return [
    jobEvent(task, no, { status: 'COMPLETE', attempt: 0, jobId: 'old-job', time: at(1) }),
    jobEvent(task, no, { status: 'ERROR', jobId: 'foreign-job', errorCode: '1', time: at(1) }),
    jobEvent(task, no, { status: 'STATUS_UPDATE', attempt: 2, progress: 100, time: at(1) }),
  ];
}

function shuffled<T>(items: T[], rnd: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function applyAll(task: Task, events: JobStateEvent[]): { task: Task; changes: number } {
  let changes = 0;
  for (const ev of events) {
    const result = applyJobEvent(task, ev);
    if (result.changed) {
      changes++;
      expect(result.task.version).toBe(task.version + 1);
    } else {
      expect(result.task).toBe(task);
    }
    task = result.task;
  }
  return { task, changes };
}

function withoutVersion({ version: _version, ...rest }: Task): Omit<Task, 'version'> {
  return rest;
}

describe('applyJobEvent with shuffled, duplicated and stray events', () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed))('ends like the clean run (seed %i)', (seed) => {
    const rnd = random(seed);
    const start = submittedTask();
    const sequences = start.subtasks.map((s) => jobSequence(start, s.no, rnd));

    const clean = applyAll(start, sequences.flat());

    const duplicates = sequences.flat().filter(() => rnd() < 0.5);
    const strays = start.subtasks.flatMap((s) => noise(start, s.no));
    const messy = applyAll(start, shuffled([...sequences.flat(), ...duplicates, ...strays], rnd));

    expect(withoutVersion(messy.task)).toEqual(withoutVersion(clean.task));
    expect(messy.task.version).toBe(start.version + messy.changes);
    expect(messy.task.status).toBe('FINISH');
  });
});
