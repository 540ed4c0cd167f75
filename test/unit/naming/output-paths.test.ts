import type { Subtask } from '../../../lambdas/core/model';
import {
  expectedOutputKeys,
  frameCaptureKey,
  hlsMasterKey,
  hlsNameModifiers,
  inputBaseName,
  isServiceOutputKey,
  outputPrefix,
  spriteFramesPrefix,
  spriteSheetKey,
  spriteVttKey,
  subtaskOutputPrefix,
} from '../../../lambdas/core/naming/output-paths';
import { subtask, task, templateMap } from '../mediaconvert/fixtures';

describe('inputBaseName', () => {
  it.each([
    ['input/clip.mp4', 'clip'],
    ['input/My Holiday Movie.mov', 'My_Holiday_Movie'],
    ['a+b=c.mp4', 'a_b_c'],
    ['100% real.mp4', '100_real'],
    ['archive/v1.2.final.mp4', 'v1.2.final'],
    ['동영상/여름 휴가.mp4', '여름_휴가'],
    ['café/Crème brûlée.mkv', 'Crème_brûlée'],
    ['dir/../../etc/passwd', 'passwd'],
    ['dir/..', 'input'],
    ['.hidden.mp4', 'hidden'],
    ['trailing/', 'input'],
    ['noext', 'noext'],
    ['x/%2F%2E%2E.mp4', '2F_2E_2E'],
  ])('%p → %p', (key, base) => {
    expect(inputBaseName(key)).toBe(base);
  });

  it('follows the README rule: unsafe runs become "_", leading and trailing ".", "_", "-" are removed', () => {
    // The README's own examples.
    expect(inputBaseName('in/clip (final).mp4')).toBe('clip_final');
    expect(inputBaseName('in/.hidden.mp4')).toBe('hidden');
    expect(outputPrefix('out/', 'in/clip (final).mp4', 'transcode', 100030)).toBe(
      'out/clip_final_transcode_100030',
    );
    expect(inputBaseName('in/_intro_ -.mov')).toBe('intro');
    expect(inputBaseName('in/take-2-.mov')).toBe('take-2');
    expect(inputBaseName('in/a -- b.mp4')).toBe('a_--_b');
    expect(inputBaseName(`in/${'x'.repeat(99)} y.mp4`)).toBe('x'.repeat(99));
  });

  it('never contains a slash or unsafe characters and caps very long names', () => {
    const keys = [
      'a/b/c d.mp4',
      '../..',
      `${'é'.repeat(300)}.mp4`,
      `${'x'.repeat(1000)}`,
      'q?#*:|"<>.mp4',
      'tab\tnew\nline.mp4',
    ];
    for (const key of keys) {
      const base = inputBaseName(key);
      expect(base).not.toMatch(/[/\\\s?#*:|"<>%+]/u);
      expect(base.length).toBeGreaterThan(0);
      expect(Array.from(base).length).toBeLessThanOrEqual(100);
    }
  });

  it('normalises decomposed unicode so the same name gives the same base', () => {
    expect(inputBaseName('caf\u0065\u0301.mp4')).toBe(inputBaseName('caf\u00e9.mp4'));
  });
});

describe('output keys', () => {
  const templates = templateMap();
  const items: Subtask[] = [
    subtask({ type: 'Transcode', item: { templateId: 100030 } }, 1),
    subtask({ type: 'Transcode', item: { templateId: 100230 } }, 2),
    subtask({ type: 'AdaptiveStreaming', item: { templateIds: [100210, 100230, 100240] } }, 3),
    subtask({ type: 'AnimatedGraphics', item: { templateId: 20000, startTime: 0, endTime: 2 } }, 4),
    subtask(
      {
        type: 'SnapshotByTimeOffset',
        item: {
          templateId: 10,
          offsets: [
            { value: 1, unit: 's' },
            { value: 50, unit: '%' },
          ],
        },
      },
      5,
    ),
    subtask({ type: 'SampleSnapshot', item: { templateId: 20 } }, 6),
    subtask({ type: 'ImageSprite', item: { templateId: 30 } }, 7),
    subtask({ type: 'Transcode', item: { templateId: 100030, startTime: 5 } }, 8),
  ];
  const t = task(items, { bucket: 'in', key: 'uploads/My Movie+1.mp4' }, 'out/');

  it('follows {outputDir}{base}_{kind}_{templateId} with a suffix for repeats', () => {
    expect(outputPrefix('out/', 'a/b.mp4', 'gif', 20000)).toBe('out/b_gif_20000');
    expect(items.map((s) => subtaskOutputPrefix(t, s))).toEqual([
      'out/My_Movie_1_transcode_100030',
      'out/My_Movie_1_transcode_100230',
      'out/My_Movie_1_adaptive_100210',
      'out/My_Movie_1_gif_20000',
      'out/My_Movie_1_snapshot_10',
      'out/My_Movie_1_sample_20',
      'out/My_Movie_1_sprite_30',
      'out/My_Movie_1_transcode_100030_8',
    ]);
  });

  it('lists the keys known in advance', () => {
    expect(expectedOutputKeys(t, items[0]!, templates)).toEqual(['out/My_Movie_1_transcode_100030.mp4']);
    expect(expectedOutputKeys(t, items[1]!, templates)).toEqual([
      'out/My_Movie_1_transcode_100230/index.m3u8',
      'out/My_Movie_1_transcode_100230/index_100230.m3u8',
    ]);
    expect(expectedOutputKeys(t, items[2]!, templates)).toEqual([
      'out/My_Movie_1_adaptive_100210/index.m3u8',
      'out/My_Movie_1_adaptive_100210/index_100210.m3u8',
      'out/My_Movie_1_adaptive_100210/index_100230.m3u8',
      'out/My_Movie_1_adaptive_100210/index_100240.m3u8',
    ]);
    expect(expectedOutputKeys(t, items[3]!, templates)).toEqual(['out/My_Movie_1_gif_20000.gif']);
    expect(expectedOutputKeys(t, items[4]!, templates)).toEqual([
      'out/My_Movie_1_snapshot_10.0000000.jpg',
      'out/My_Movie_1_snapshot_10.0000001.jpg',
    ]);
    expect(expectedOutputKeys(t, items[5]!, templates)).toBeUndefined();
    expect(expectedOutputKeys(t, items[5]!, templates, 3)).toHaveLength(3);
    expect(expectedOutputKeys(t, items[6]!, templates, 12)).toEqual([
      'out/My_Movie_1_sprite_30.jpg',
      'out/My_Movie_1_sprite_30-1.jpg',
      'out/My_Movie_1_sprite_30.vtt',
    ]);
  });

  it('never gives two subtasks of a task the same key', () => {
    const sprites = [
      subtask({ type: 'ImageSprite', item: { templateId: 30 } }, 1),
      subtask({ type: 'ImageSprite', item: { templateId: 30 } }, 2),
    ];
    const st = task(sprites, { bucket: 'in', key: 'a.mp4' }, '');
    const keys = sprites.flatMap((s) => expectedOutputKeys(st, s, templates, 250) ?? []);
    expect(keys.length).toBe(2 * (25 + 1));
    expect(new Set(keys).size).toBe(keys.length);
    const all = items.flatMap((s) => expectedOutputKeys(t, s, templates, 40) ?? []);
    expect(new Set(all).size).toBe(all.length);
  });

  it('numbers repeated HLS renditions distinctly', () => {
    expect(hlsNameModifiers([100210, 100230, 100210])).toEqual(['_100210', '_100230', '_100210_2']);
  });

  it('recognises every key the service writes', () => {
    const written: string[] = [];
    for (const s of items) written.push(...(expectedOutputKeys(t, s, templates, 15) ?? []));
    const hls = subtaskOutputPrefix(t, items[2]!);
    written.push(`${hls}/index_100230_00001.ts`, `${hls}/index_100230_iframe.m3u8`, hlsMasterKey(hls));
    const sprite = subtaskOutputPrefix(t, items[6]!);
    written.push(
      frameCaptureKey(spriteFramesPrefix(sprite), 0),
      spriteSheetKey(sprite, 3),
      spriteVttKey(sprite),
    );
    written.push(frameCaptureKey(outputPrefix('', 'x.mp4', 'sample', 1_000_021), 1234));
    expect(written.length).toBeGreaterThan(20);
    for (const key of written) expect([key, isServiceOutputKey(key)]).toEqual([key, true]);
  });

  it('does not treat ordinary uploads as outputs', () => {
    const uploads = [
      'input/clip.mp4',
      'input/my_transcode.mp4',
      'input/transcode_100030.mp4',
      'input/holiday_gif.gif',
      'input/photo.0000001.jpg',
      'input/index.m3u8',
      'input/show/index_720.m3u8',
      'input/sprite_frames/frame.0000000.jpg',
      'input/trip_sprite_x.jpg',
      'input/a_snapshot_10/readme.txt.bak/x.mp4',
    ];
    for (const key of uploads) expect([key, isServiceOutputKey(key)]).toEqual([key, false]);
  });
});
