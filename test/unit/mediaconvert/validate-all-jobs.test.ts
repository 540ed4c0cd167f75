import { validateJobs } from '../../support/validate-job';
import { allJobs, coverJobs, SOURCE } from './job-matrix';

describe('every job the builder can produce passes the MediaConvert API model', () => {
  it('validates all presets and user templates × item types × watermark sets in one run', () => {
    const jobs = [
      ...allJobs(),
      ...allJobs({ ...SOURCE, width: 1440, height: 1080, frameRate: 25, durationSeconds: 12 }),
    ];
    const types = new Set(jobs.map((j) => j.subtask.type));
    expect([...types].sort()).toEqual([
      'AdaptiveStreaming',
      'AnimatedGraphics',
      'ImageSprite',
      'SampleSnapshot',
      'SnapshotByTimeOffset',
      'Transcode',
    ]);
    expect(jobs.length).toBeGreaterThan(2000);
    // Frame captures ride along with transcodes: some jobs run several subtasks.
    expect(jobs.some((j) => j.members.length > 2)).toBe(true);
    const violations = validateJobs(jobs.map((j) => j.job));
    const failing = violations.flatMap((v, i) =>
      v.map((x) => `${jobs[i]!.subtask.type} #${i}: ${x.path}: ${x.message}`),
    );
    expect(failing).toEqual([]);
  });

  it('validates the cover jobs of AI analyses on AWS (times, durations, frame rates, acceleration choices)', () => {
    const jobs = coverJobs();
    expect(jobs.length).toBeGreaterThan(100);
    const failing = validateJobs(jobs).flatMap((v, i) =>
      v.map((x) => `cover #${i}: ${x.path}: ${x.message}`),
    );
    expect(failing).toEqual([]);
  });

  it('reports violations of a deliberately broken job, per job', () => {
    const [first] = allJobs();
    const good = first!.job;
    const broken = JSON.parse(JSON.stringify(good));
    broken.Settings.OutputGroups[0].Outputs[0].VideoDescription.Width = 9000;
    broken.StatusUpdateInterval = 'SECONDS_7';
    delete broken.Role;
    const result = validateJobs([good, broken, good]);
    expect(result[0]).toEqual([]);
    expect(result[2]).toEqual([]);
    expect(result[1]!.map((v) => v.path).sort()).toEqual([
      '$.Role',
      '$.Settings.OutputGroups[0].Outputs[0].VideoDescription.Width',
      '$.StatusUpdateInterval',
    ]);
    expect(result[1]!.find((v) => v.path === '$.StatusUpdateInterval')?.message).toContain('SECONDS_10');
  });
});
