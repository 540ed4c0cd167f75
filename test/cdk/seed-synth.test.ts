/**
 * Seeds are validated at synth like the API validates them: a broken declaration fails `cdk synth`
 * with a message naming it, instead of failing the deploy.
 */
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { MpsStack, type MpsStackProps } from '../../lib/mps-stack';
import type { SchemaSeed, TemplateSeed } from '../../lib/seed';
import { ENV, handlersDir } from './helpers';

const TEMPLATE: TemplateSeed = {
  id: 1_000_001,
  type: 'snapshot',
  name: 'thumb',
  width: 320,
  height: 0,
  format: 'jpg',
  quality: 80,
};
const schema = (over: Partial<SchemaSeed> = {}): SchemaSeed => ({
  name: 'thumbs',
  trigger: { bucket: 'media-in', directory: 'uploads/' },
  items: { snapshotByTimeOffset: [{ templateId: 1_000_001, offsets: [{ value: 1, unit: 's' }] }] },
  ...over,
});

function synth(props: Partial<MpsStackProps>): MpsStack {
  return new MpsStack(new App(), 'MpsSeeds', {
    env: ENV,
    functionOptions: { handlersDir: handlersDir() },
    triggerBucketNames: ['media-in'],
    outputBucketNames: ['media-out'],
    ...props,
  });
}

describe('seeds at synth', () => {
  test('a valid declaration synthesizes', () => {
    expect(() =>
      synth({
        templates: [TEMPLATE],
        schemas: [schema({ output: { bucket: 'media-out', directory: 'thumbs/' } })],
      }),
    ).not.toThrow();
  });

  test.each<[string, Partial<MpsStackProps>, RegExp]>([
    [
      'an invalid template',
      { templates: [{ ...TEMPLATE, height: 5000 }] },
      /mps seed: Templates\[0\] \(id 1000001\): .*height/,
    ],
    [
      'a template id that can never exist',
      { schemas: [schema({ items: { transcode: [{ templateId: 4242 }] } })] },
      /Schemas\[0\] \(thumbs\): template 4242 does not exist: it is not a preset/,
    ],
    [
      'a template in the wrong slot',
      { schemas: [schema({ items: { transcode: [{ templateId: 10 }] } })] },
      /Schemas\[0\] \(thumbs\): .*10/,
    ],
    [
      'a trigger bucket the stack does not serve',
      { templates: [TEMPLATE], schemas: [schema({ trigger: { bucket: 'elsewhere', directory: '' } })] },
      /Schemas\[0\]: trigger.bucket "elsewhere" is not a trigger bucket of this deployment \(media-in\)/,
    ],
    [
      'an output bucket the stack may not write',
      { templates: [TEMPLATE], schemas: [schema({ output: { bucket: 'someone-else', directory: 'x/' } })] },
      /output.bucket "someone-else" is not a bucket this deployment may write \(media-out, media-in\)/,
    ],
  ])('%s fails synth, naming it', (_what, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('a user template not declared here is warned about (it may exist in the table)', () => {
    const stack = synth({ schemas: [schema({ items: { transcode: [{ templateId: 1_000_777 }] } })] });
    Annotations.fromStack(stack).hasWarning(
      '/MpsSeeds/Service',
      Match.stringLikeRegexp('user template\\(s\\) 1000777 that are not declared here'),
    );
  });

  const AI_SCHEMA = schema({
    name: 'ai',
    items: { aiAnalysis: [{ templateId: 60 }], contentReview: [{ templateId: 40 }] },
  });

  test('AI items synthesize where Rekognition Video and Transcribe are deployed (the default)', () => {
    const stack = synth({ schemas: [AI_SCHEMA] });
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('AI items are refused at synth with mediaAi: false: the deployed API would refuse them', () => {
    const stack = synth({ mediaAi: false, schemas: [AI_SCHEMA] });
    Annotations.fromStack(stack).hasError(
      '/MpsSeeds/Service',
      Match.stringLikeRegexp(
        'seeded schema\\(s\\) ai hold contentReview/aiRecognition/aiAnalysis items, but this deployment leaves ' +
          'Amazon Rekognition Video and Amazon Transcribe out \\(mediaAi: false\\)',
      ),
    );
  });
});
