/**
 * Everything the job builder can emit, the local engine runs: every generated CreateJob passes the
 * engine's allow-list and plans into one ffmpeg command (no ffmpeg is started here).
 */
import { planJob } from '../../local/engine/ffmpeg-args/job';
import { buildTimeline } from '../../local/engine/ffmpeg-args/timeline';
import type { PreparedInput } from '../../local/engine/ffmpeg-args/types';
import { checkSupported } from '../../local/engine/settings-check';
import { allJobs } from '../unit/mediaconvert/job-matrix';
import { FFPROBE } from '../support/ffmpeg';

const ENCODERS = new Set([
  'libx264',
  'libx265',
  'libvpx-vp9',
  'libaom-av1',
  'aac',
  'libopus',
  'mjpeg',
  'gif',
]);
const INFO = { durationSeconds: 95.5, width: 1920, height: 1080, fps: 29.97, hasAudio: true };

it('plans every job the builder can produce (all templates, items, watermarks, shared jobs)', () => {
  const jobs = allJobs();
  expect(jobs.length).toBeGreaterThan(1000);
  const failures: string[] = [];
  for (const { job, members } of jobs) {
    try {
      checkSupported(job);
      const settings = job.Settings!;
      const inputs: PreparedInput[] = settings.Inputs!.map((input, i) => ({
        uri: input.FileInput!,
        file: '/tmp/source.mp4',
        info: INFO,
        settings: input,
        path: `Settings.Inputs[${i}]`,
      }));
      const images = settings.OutputGroups!.flatMap((g) =>
        (g.Outputs ?? []).flatMap(
          (o) => o.VideoDescription?.VideoPreprocessors?.ImageInserter?.InsertableImages ?? [],
        ),
      );
      const plan = planJob(settings.OutputGroups!, {
        timeline: buildTimeline(inputs),
        inputs,
        imageFiles: new Map(images.map((img) => [img.ImageInserterInput!, '/tmp/image.png'])),
        encoders: ENCODERS,
        ffmpegOptions: new Set(['fps_mode', 'stats_period']),
        ffprobePath: FFPROBE,
        outDirOf: (gi) => `/tmp/out-${gi}`,
      });
      expect(plan.groups).toHaveLength(settings.OutputGroups!.length);
    } catch (err) {
      failures.push(
        `${members.map((m) => m.no).join('+')} ${job.ClientRequestToken}: ${(err as Error).message}`,
      );
    }
  }
  expect(failures).toEqual([]);
});
