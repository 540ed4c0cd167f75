import { validateSchemaInput } from '../../../lambdas/core/schemas/schema-input';
import { catchValidation } from './catch-validation';

const valid = {
  name: 'demo',
  trigger: { bucket: 'my-uploads', directory: 'input/' },
  items: { transcode: [{ templateId: 100010 }] },
};

function withTrigger(trigger: Record<string, unknown>) {
  return { ...valid, trigger: { ...valid.trigger, ...trigger } };
}

describe('validateSchemaInput: output directory length', () => {
  const dir = (bytes: number) => `${'a'.repeat(bytes - 1)}/`;

  it('accepts a 512-byte output directory and rejects a longer one, whether given or defaulted', () => {
    expect(validateSchemaInput({ ...valid, output: { directory: dir(512) } }).output.directory).toBe(
      dir(512),
    );
    const given = catchValidation(() => validateSchemaInput({ ...valid, output: { directory: dir(513) } }));
    expect(given.field).toBe('output.directory');
    expect(given.message).toContain('must be at most 512 bytes of UTF-8 as an output directory');
    // A long trigger directory is fine when the output goes elsewhere, and named when it is the output.
    const elsewhere = { ...withTrigger({ directory: dir(900) }), output: { directory: 'out/' } };
    expect(validateSchemaInput(elsewhere).trigger.directory).toBe(dir(900));
    const defaulted = catchValidation(() => validateSchemaInput(withTrigger({ directory: dir(900) })));
    expect(defaulted.field).toBe('trigger.directory');
  });
});

describe('validateSchemaInput: defaults', () => {
  it('defaults the output to the trigger bucket and directory, and leaves extensions absent', () => {
    expect(validateSchemaInput(valid)).toEqual({
      name: 'demo',
      trigger: { bucket: 'my-uploads', directory: 'input/' },
      output: { bucket: 'my-uploads', directory: 'input/' },
      items: { transcode: [{ templateId: 100010 }] },
    });
  });

  it('defaults the trigger directory to the whole bucket and keeps a partial output', () => {
    const input = { ...valid, trigger: { bucket: 'my-uploads' }, output: { directory: 'out/' } };
    expect(validateSchemaInput(input)).toMatchObject({
      trigger: { bucket: 'my-uploads', directory: '' },
      output: { bucket: 'my-uploads', directory: 'out/' },
    });
    const other = { ...valid, output: { bucket: 'my-outputs' } };
    expect(validateSchemaInput(other).output).toEqual({ bucket: 'my-outputs', directory: 'input/' });
  });

  it('strips a leading slash from directories', () => {
    const input = { ...withTrigger({ directory: '/input/videos/' }), output: { directory: '/' } };
    expect(validateSchemaInput(input)).toMatchObject({
      trigger: { directory: 'input/videos/' },
      output: { directory: '' },
    });
  });

  it('lower-cases extensions, drops a leading dot and duplicates', () => {
    const input = withTrigger({ extensions: ['MP4', '.mov', 'mp4', 'M2TS'] });
    expect(validateSchemaInput(input).trigger.extensions).toEqual(['mp4', 'mov', 'm2ts']);
    expect(validateSchemaInput(withTrigger({ extensions: [] })).trigger).not.toHaveProperty('extensions');
  });

  it("defaults the notification mode to 'finish'", () => {
    const input = {
      ...valid,
      notification: { type: 'topic', target: 'arn:aws:sns:us-east-1:123456789012:done' },
    };
    expect(validateSchemaInput(input).notification).toEqual({
      type: 'topic',
      target: 'arn:aws:sns:us-east-1:123456789012:done',
      mode: 'finish',
    });
  });
});

describe('validateSchemaInput: name', () => {
  it.each([
    '转码工作流',
    '워크플로',
    'ひらがなカタカナ',
    'データ',
    'Demo_flow-2',
    'a'.repeat(128),
    '𠀀'.repeat(128),
  ])('accepts %s', (name) => {
    expect(validateSchemaInput({ ...valid, name }).name).toBe(name);
  });

  it.each([
    ['', /1–128 characters/],
    ['a'.repeat(129), /1–128 characters/],
    ['with space', /found " "/],
    ['dot.name', /found "\."/],
    ['café', /found "é"/],
    ['emoji🎬', /found "🎬"/],
    ['句号。', /found "。"/],
  ])('rejects %j', (name, message) => {
    const err = catchValidation(() => validateSchemaInput({ ...valid, name }));
    expect(err.field).toBe('name');
    expect(err.code).toBe('InvalidParameter');
    expect(err.message).toMatch(message);
    expect(err.message).toContain(JSON.stringify(name).slice(0, 60));
  });

  it('requires a name', () => {
    const { name: _name, ...rest } = valid;
    const err = catchValidation(() => validateSchemaInput(rest));
    expect(err.field).toBe('name');
    expect(err.message).toMatch(/name is required and must be a string/);
  });
});

describe('validateSchemaInput: buckets', () => {
  it.each(['abc', 'my.bucket-1', 'a'.repeat(63), '1bucket'])('accepts %s', (bucket) => {
    expect(validateSchemaInput(withTrigger({ bucket })).trigger.bucket).toBe(bucket);
  });

  it.each([
    ['ab', /3–63 characters/],
    ['a'.repeat(64), /3–63 characters/],
    ['My-Bucket', /lower-case letters/],
    ['my_bucket', /lower-case letters/],
    ['-bucket', /start and end with a letter or digit/],
    ['bucket-', /start and end/],
    ['my..bucket', /two adjacent '\.'/],
    ['192.168.1.1', /IP address/],
    ['xn--bucket', /reserved prefix 'xn--'/],
    ['sthree-bucket', /reserved prefix/],
    ['bucket-s3alias', /reserved suffix '-s3alias'/],
    ['bucket--ol-s3', /reserved suffix/],
  ])('rejects %s', (bucket, message) => {
    const err = catchValidation(() => validateSchemaInput(withTrigger({ bucket })));
    expect(err.field).toBe('trigger.bucket');
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`got "${bucket}"`);
  });

  it('checks the output bucket with the same rules', () => {
    const err = catchValidation(() => validateSchemaInput({ ...valid, output: { bucket: 'Bad_Bucket' } }));
    expect(err.field).toBe('output.bucket');
  });
});

describe('validateSchemaInput: directories', () => {
  it.each([
    ['input', /end with '\/'/],
    ['a/../b/', /'\.\.' segments/],
    ['../', /'\.\.' segments/],
    ['a//b/', /empty segments/],
    ['//', /empty segments/],
    ['in\nput/', /control characters/],
    ['in\u0000/', /control characters/],
    [`${'é'.repeat(513)}/`, /1024 bytes/],
  ])('rejects %j', (directory, message) => {
    const err = catchValidation(() => validateSchemaInput(withTrigger({ directory })));
    expect(err.field).toBe('trigger.directory');
    expect(err.message).toMatch(message);
  });

  it('checks the output directory with the same rules', () => {
    const err = catchValidation(() => validateSchemaInput({ ...valid, output: { directory: 'out' } }));
    expect(err.field).toBe('output.directory');
    expect(err.message).toContain('got "out"');
  });

  it('accepts dots and unicode inside segments', () => {
    expect(validateSchemaInput(withTrigger({ directory: 'v1.2/日本語 フォルダ/' })).trigger.directory).toBe(
      'v1.2/日本語 フォルダ/',
    );
  });
});

describe('validateSchemaInput: extensions', () => {
  it.each([['mp4.'], ['m p4'], ['tar.gz'], [''], ['x'.repeat(17)]])('rejects %j', (ext) => {
    const err = catchValidation(() => validateSchemaInput(withTrigger({ extensions: ['mp4', ext] })));
    expect(err.field).toBe('trigger.extensions[1]');
    expect(err.message).toMatch(/file extension of 1–16 letters or digits/);
  });

  it('rejects more than 100 extensions', () => {
    const extensions = Array.from({ length: 101 }, (_, i) => `e${i}`);
    expect(catchValidation(() => validateSchemaInput(withTrigger({ extensions }))).message).toMatch(
      /at most 100/,
    );
  });
});

describe('validateSchemaInput: structure', () => {
  it('rejects unknown fields, listing the allowed ones', () => {
    const err = catchValidation(() => validateSchemaInput({ ...valid, tigger: {} }));
    expect(err.field).toBe('tigger');
    expect(err.message).toMatch(/allowed fields: name, trigger, output, items, notification/);
    const nested = catchValidation(() => validateSchemaInput(withTrigger({ prefix: 'x/' })));
    expect(nested.field).toBe('trigger.prefix');
  });

  it('rejects a non-object and missing items', () => {
    expect(catchValidation(() => validateSchemaInput('schema')).message).toMatch(
      /must be an object; got "schema"/,
    );
    const { items: _items, ...rest } = valid;
    expect(catchValidation(() => validateSchemaInput(rest)).field).toBe('items');
  });

  it('reports item errors under items.', () => {
    const err = catchValidation(() =>
      validateSchemaInput({ ...valid, items: { transcode: [{ templateId: 0 }] } }),
    );
    expect(err.field).toBe('items.transcode[0].templateId');
  });
});

describe('validateSchemaInput: notification', () => {
  const accept = [
    ['queue', 'https://sqs.us-east-1.amazonaws.com/123456789012/mps-events'],
    ['queue', 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/events.fifo'],
    ['queue', 'arn:aws:sqs:eu-west-1:123456789012:mps-events'],
    ['topic', 'arn:aws:sns:us-east-1:123456789012:mps-done'],
    ['topic', 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:done.fifo'],
    ['url', 'https://hooks.example.com/mps?token=1'],
    ['function', 'my-callback'],
    ['function', 'my-callback:live'],
    ['function', 'arn:aws:lambda:us-east-1:123456789012:function:my-callback'],
    ['function', 'arn:aws:lambda:us-east-1:123456789012:function:my-callback:$LATEST'],
  ] as const;

  it.each(accept)('accepts %s %s', (type, target) => {
    const out = validateSchemaInput({ ...valid, notification: { type, target, mode: 'change' } });
    expect(out.notification).toEqual({ type, target, mode: 'change' });
  });

  const reject = [
    ['queue', 'https://example.com/123456789012/q', /SQS queue URL/],
    ['queue', 'https://sqs.us-east-1.amazonaws.com/q', /SQS queue URL/],
    ['queue', 'http://sqs.us-east-1.amazonaws.com/123456789012/q', /SQS queue URL/],
    ['queue', 'arn:aws:sns:us-east-1:123456789012:q', /SQS queue URL/],
    ['topic', 'arn:aws:sqs:us-east-1:123456789012:t', /SNS topic ARN/],
    ['topic', 'mps-done', /SNS topic ARN/],
    ['url', 'http://hooks.example.com/x', /https:\/\/ URL/],
    ['url', 'ftp://hooks.example.com/x', /https:\/\/ URL/],
    ['url', 'not a url', /https:\/\/ URL/],
    ['url', 'https://user:pw@hooks.example.com/', /credentials/],
    ['url', 'https://localhost/cb', /public host/],
    ['url', 'https://127.0.0.1/cb', /public host/],
    ['url', 'https://10.1.2.3/cb', /public host/],
    ['url', 'https://172.20.0.1/cb', /public host/],
    ['url', 'https://192.168.0.10/cb', /public host/],
    ['url', 'https://169.254.169.254/latest/meta-data', /public host/],
    ['url', 'https://[::1]/cb', /public host/],
    ['url', 'https://[fd00::1]/cb', /public host/],
    ['url', `https://example.com/${'x'.repeat(2048)}`, /at most 2048/],
    ['function', 'my function', /Lambda function name/],
    ['function', 'arn:aws:lambda:us-east-1:123:function:f', /Lambda function name/],
  ] as const;

  it.each(reject)('rejects %s %s', (type, target, message) => {
    const err = catchValidation(() => validateSchemaInput({ ...valid, notification: { type, target } }));
    expect(err.field).toBe('notification.target');
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`for type '${type}'`);
  });

  it('rejects an unknown type or mode', () => {
    const type = catchValidation(() =>
      validateSchemaInput({ ...valid, notification: { type: 'email', target: 'x' } }),
    );
    expect(type.field).toBe('notification.type');
    expect(type.message).toMatch(/one of "queue", "topic", "url", "function"; got "email"/);
    const mode = catchValidation(() =>
      validateSchemaInput({ ...valid, notification: { type: 'function', target: 'f', mode: 'always' } }),
    );
    expect(mode.field).toBe('notification.mode');
  });

  it('allows http and private hosts only with allowInsecureUrls (local runtime)', () => {
    const local = [
      { type: 'url', target: 'http://127.0.0.1:8080/cb' },
      { type: 'queue', target: 'http://127.0.0.1:4566/000000000000/mps-events' },
    ];
    for (const notification of local) {
      expect(() => validateSchemaInput({ ...valid, notification })).toThrow(/notification\.target/);
      const out = validateSchemaInput({ ...valid, notification }, { allowInsecureUrls: true });
      expect(out.notification?.target).toBe(notification.target);
    }
  });
});

describe('function notification targets', () => {
  const withTarget = (target: string) => ({
    name: 'fn',
    trigger: { bucket: 'media-in', directory: 'in/' },
    items: { transcode: [{ templateId: 100030 }] },
    notification: { type: 'function', target },
  });

  it('are Lambda functions in AWS and handler modules where the runtime says so (local)', () => {
    expect(validateSchemaInput(withTarget('on-task:live')).notification?.target).toBe('on-task:live');
    expect(() => validateSchemaInput(withTarget('hooks/on-task.mjs'))).toThrow(
      /must be a Lambda function name/,
    );

    const local = { functionModules: true };
    expect(validateSchemaInput(withTarget('hooks/on-task.mjs'), local).notification?.target).toBe(
      'hooks/on-task.mjs',
    );
    expect(validateSchemaInput(withTarget('/srv/hooks/on-task.ts'), local).notification?.target).toBe(
      '/srv/hooks/on-task.ts',
    );
    expect(() => validateSchemaInput(withTarget('on-task'), local)).toThrow(
      /notification\.target must be the path of a handler module \(\.js, \.mjs, \.cjs, \.ts, \.mts; absolute, or relative to the data directory\) exporting `handler`: the local runtime runs no Lambda/,
    );
  });
});
