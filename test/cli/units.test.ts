import { uploadKey, progressBar } from '../../cli/commands/upload';
import { taskDetail } from '../../cli/format';
import { makeTask } from '../support/tasks';
import { UsageError } from '../../cli/errors';
import { applySets } from '../../cli/input';
import { itemsFromFlags } from '../../cli/items';
import { parseS3Directory, parseS3Object } from '../../cli/s3url';
import { displayWidth, formatTable, formatTime } from '../../cli/table';
import { colorEnabled } from '../../cli/color';
import { extractOutputFormat } from '../../cli/output';

describe('task detail', () => {
  it('shows the summary of an AI subtask after its outputs', () => {
    const task = makeTask({ taskId: 't-2', createdAt: '2026-03-01T10:00:00.000Z' });
    const out = taskDetail({
      ...task,
      subtasks: [
        {
          type: 'ContentReview',
          item: { templateId: 40 },
          no: 1,
          status: 'SUCCESS',
          attempt: 1,
          progress: 100,
          outputs: [{ bucket: 'out', key: 'videos/a_review_40.json', kind: 'reviewResult' }],
          summary: { verdict: 'pass', segments: 3 },
          history: [],
        },
      ],
    });
    expect(out).toContain('out/videos/a_review_40.json {verdict: pass, segments: 3}');
  });

  it('shows a frame sequence as first … last with its count, and which subtasks share a job', () => {
    const task = makeTask({ taskId: 't-1', createdAt: '2026-03-01T10:00:00.000Z' });
    const base = task.subtasks[0]!;
    const out = taskDetail({
      ...task,
      subtasks: [
        {
          ...base,
          status: 'SUCCESS',
          jobId: 'j',
          jobSubtasks: [1, 2],
          outputs: [{ bucket: 'out', key: 'videos/a_transcode_100010.mp4', kind: 'video' }],
        },
        {
          ...base,
          no: 2,
          type: 'SampleSnapshot',
          item: { templateId: 20 },
          status: 'PROCESSING',
          progress: 40,
          jobId: 'j',
          jobSubtasks: [1, 2],
          outputs: [],
        },
        {
          ...base,
          no: 3,
          type: 'SampleSnapshot',
          item: { templateId: 20 },
          status: 'SUCCESS',
          outputs: [
            {
              bucket: 'out',
              key: 'videos/a_sample_20.0000000.jpg',
              lastKey: 'videos/a_sample_20.0003599.jpg',
              count: 3600,
              kind: 'image',
            },
          ],
        },
      ],
    });
    expect(out).toContain('out/videos/a_transcode_100010.mp4\n');
    expect(out).toContain('40% [job shared with 1]');
    expect(out).toContain('out/videos/a_sample_20.0000000.jpg … a_sample_20.0003599.jpg (3600 files)');
  });
});

describe('CLI helpers', () => {
  it('formats aligned tables, with wide characters and truncation', () => {
    const out = formatTable(
      ['ID', 'NAME', 'STATUS'],
      [
        ['sch-1', '스키마', 'enabled'],
        ['sch-22', undefined, 'x'.repeat(10)],
      ],
      { maxCellWidth: 8 },
    );
    expect(out).toBe(
      [
        'ID      NAME    STATUS',
        'sch-1   스키마  enabled',
        'sch-22  -       xxxxxxx…',
        '(cells ending in … were cut; --wide shows them in full)',
        '',
      ].join('\n'),
    );
    expect(displayWidth('스키마')).toBe(6);
    expect(formatTime('2022-08-08T16:50:04.123Z')).toBe('2022-08-08T16:50:04Z');
    // Any zone is shown in UTC with a Z.
    expect(formatTime('2022-08-08T18:50:04+02:00')).toBe('2022-08-08T16:50:04Z');
    expect(formatTime(undefined)).toBe('-');
  });

  it('parses s3 URLs', () => {
    expect(parseS3Object('s3://b/dir/a b.mp4')).toEqual({ bucket: 'b', key: 'dir/a b.mp4' });
    expect(parseS3Directory('s3://b/out')).toEqual({ bucket: 'b', directory: 'out/' });
    expect(parseS3Directory('s3://b')).toEqual({ bucket: 'b', directory: '' });
    expect(() => parseS3Object('s3://b/dir/')).toThrow(UsageError);
    expect(() => parseS3Object('b/a.mp4')).toThrow(UsageError);
  });

  it('builds processing items from flags', () => {
    expect(
      itemsFromFlags({
        transcode: ['100030,100040'],
        watermark: ['1000001'],
        snapshot: ['10'],
        offsets: '1s, 50%,3',
        gif: ['20000'],
        start: '1',
        end: '3.5',
        adaptive: ['100210,100220'],
      }),
    ).toEqual({
      transcode: [
        { templateId: 100030, watermarks: [{ templateId: 1000001 }] },
        { templateId: 100040, watermarks: [{ templateId: 1000001 }] },
      ],
      adaptiveStreaming: [{ templateIds: [100210, 100220], watermarks: [{ templateId: 1000001 }] }],
      animatedGraphics: [{ templateId: 20000, startTime: 1, endTime: 3.5 }],
      snapshotByTimeOffset: [
        { templateId: 10, offsets: ['1s', '50%', 3], watermarks: [{ templateId: 1000001 }] },
      ],
    });
    expect(() => itemsFromFlags({ transcode: ['abc'] })).toThrow(/--transcode takes template ids/);
    expect(itemsFromFlags({ review: ['40'], recognition: ['50,1000002'], analysis: ['60'] })).toEqual({
      contentReview: [{ templateId: 40 }],
      aiRecognition: [{ templateId: 50 }, { templateId: 1000002 }],
      aiAnalysis: [{ templateId: 60 }],
    });
    expect(() => itemsFromFlags({ analysis: ['x'] })).toThrow(/--analysis takes template ids/);
    expect(() => itemsFromFlags({ offsets: '1s' })).toThrow(/--offsets applies to --snapshot/);
    expect(() => itemsFromFlags({ gif: ['20000'] })).toThrow(/--gif needs --end/);
  });

  it('applies --set assignments with JSON values and dotted paths', () => {
    expect(
      applySets({ video: { width: 1 }, name: 'a' }, [
        'video.width=1280',
        'name=b',
        'removeAudio=true',
        'x.y="7"',
      ]),
    ).toEqual({
      video: { width: 1280 },
      name: 'b',
      removeAudio: true,
      x: { y: '7' },
    });
    expect(() => applySets({}, ['novalue'])).toThrow(UsageError);
    expect(() => applySets({}, ['__proto__.x=1'])).toThrow(UsageError);
  });

  it('derives upload keys and renders a progress bar', () => {
    expect(uploadKey('/tmp/clip.mp4', 'input/')).toBe('input/clip.mp4');
    expect(uploadKey('clip.mp4', '')).toBe('clip.mp4');
    expect(uploadKey('clip.mp4', 'input/renamed.mp4')).toBe('input/renamed.mp4');
    expect(progressBar(5 * 1024 * 1024, 10 * 1024 * 1024, 10)).toBe('[#####-----]  50%  5.0 MiB / 10.0 MiB');
    expect(progressBar(0, 0, 4)).toBe('[####] 100%  0 B / 0 B');
  });
});

describe('colour and --output detection', () => {
  it('colours a terminal unless NO_COLOR, --no-color or TERM=dumb; FORCE_COLOR forces it', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled(true, {}, false)).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });

  it('takes a format --output out of argv and leaves an s3:// location to the command', () => {
    expect(extractOutputFormat(['task', 'list', '-o', 'text'])).toEqual({
      argv: ['task', 'list'],
      output: 'text',
    });
    expect(extractOutputFormat(['--output=json', 'x'])).toEqual({ argv: ['x'], output: 'json' });
    expect(extractOutputFormat(['process', 's3://b/k', '--output', 's3://b/out/'])).toEqual({
      argv: ['process', 's3://b/k', '--output', 's3://b/out/'],
    });
    expect(extractOutputFormat(['explain', '--', '--output', 'json'])).toEqual({
      argv: ['explain', '--', '--output', 'json'],
    });
  });
});
