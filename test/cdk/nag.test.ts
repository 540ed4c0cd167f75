import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MpsStack, type MpsStackProps } from '../../lib/mps-stack';
import { acknowledgeNag } from '../../lib/nag';
import { ENV, handlersDir } from './helpers';

/*
 * cdk-nag 3 runs as a CDK policy-validation plugin: findings are not annotations but entries of
 * <outdir>/validation-report.json, and synth throws ValidationFailed when an unacknowledged error remains.
 */

interface Finding {
  ruleName: string;
  severity: string;
  violatingConstructs: Array<{ constructPath: string }>;
  reason?: string;
  acknowledgedId?: string;
}
interface Report {
  pluginReports: Array<{
    pluginName: string;
    conclusion: string;
    violations: Finding[];
    suppressedViolations?: Finding[];
  }>;
}

function synthWithNag(build: (app: App) => void): { error?: Error; report: Report } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-nag-'));
  const app = new App({ outdir });
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { error, report };
}

const nagReport = (r: Report) => {
  const p = r.pluginReports.find((x) => x.pluginName === 'AwsSolutions');
  if (!p) throw new Error('no AwsSolutions report');
  return p;
};
const describeFindings = (findings: Finding[]) =>
  findings.flatMap((f) =>
    f.violatingConstructs.map((c) => `${f.severity} ${f.ruleName} at ${c.constructPath}`),
  );

const VARIANTS: Array<[string, Omit<MpsStackProps, 'functionOptions'>]> = [
  ['defaults (stack-created buckets)', {}],
  ['web console (CloudFront, Cognito, BucketDeployment)', { webConsole: true }],
  ['without Rekognition Video and Transcribe (mediaAi: false)', { mediaAi: false }],
  [
    'imported buckets, queue, topic, alarm e-mail, external targets',
    {
      env: ENV,
      triggerBucketNames: ['media-in'],
      outputBucketNames: ['media-out'],
      assetBucketNames: ['media-assets'],
      mediaConvertQueueArn: 'arn:aws:mediaconvert:eu-west-1:111111111111:queues/mps',
      acceleration: 'ENABLED',
      defaultNotifyFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:on-task-event',
      alarmEmail: 'ops@example.com',
      createNotificationTopic: true,
      notificationTargets: {
        queueArns: ['arn:aws:sqs:eu-west-1:111111111111:events'],
        topicArns: ['arn:aws:sns:eu-west-1:111111111111:events'],
        functionArns: ['arn:aws:lambda:eu-west-1:111111111111:function:indexer'],
      },
    },
  ],
];

describe.each(VARIANTS)('AwsSolutions checks: %s', (_name, props) => {
  let result: ReturnType<typeof synthWithNag>;
  beforeAll(() => {
    const dir = handlersDir();
    result = synthWithNag(
      (app) => new MpsStack(app, 'MpsNag', { ...props, functionOptions: { handlersDir: dir } }),
    );
  });

  test('synth succeeds with no unacknowledged error or warning', () => {
    const report = nagReport(result.report);
    expect(describeFindings(report.violations)).toEqual([]);
    expect(report.conclusion).toBe('success');
    expect(result.error).toBeUndefined();
  });

  test('every acknowledgement carries a written reason', () => {
    const suppressed = nagReport(result.report).suppressedViolations ?? [];
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) {
      expect({ rule: s.ruleName, reasonLength: (s.reason ?? '').length >= 40 }).toEqual({
        rule: s.ruleName,
        reasonLength: true,
      });
      expect(s.acknowledgedId).toBe(`AwsSolutions::${s.ruleName}`);
    }
  });
});

describe('cdk-nag reports what is not acknowledged', () => {
  test('a non-compliant bucket fails synth with its AwsSolutions findings', () => {
    const { error, report } = synthWithNag((app) => {
      const stack = new Stack(app, 'Throwaway');
      new s3.Bucket(stack, 'Careless'); // no access logs, no SSL-only policy
    });
    expect(error?.message).toMatch(/server access logs disabled/);
    const findings = describeFindings(nagReport(report).violations);
    expect(findings).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-S1 at Throwaway/Careless/Resource',
        'error AwsSolutions-S10 at Throwaway/Careless/Resource',
      ]),
    );
  });

  test('an acknowledgement silences exactly the acknowledged rule', () => {
    const { error, report } = synthWithNag((app) => {
      const stack = new Stack(app, 'Throwaway');
      const bucket = new s3.Bucket(stack, 'Careless');
      acknowledgeNag(bucket, 'AwsSolutions-S1', 'Test bucket: access logging is deliberately off here.');
    });
    expect(error).toBeDefined();
    const findings = describeFindings(nagReport(report).violations);
    expect(findings).not.toContain('error AwsSolutions-S1 at Throwaway/Careless/Resource');
    expect(findings).toContain('error AwsSolutions-S10 at Throwaway/Careless/Resource');
    expect(nagReport(report).suppressedViolations?.map((s) => s.ruleName)).toEqual(['AwsSolutions-S1']);
  });

  test('an acknowledgement applies to its construct subtree only', () => {
    const { report } = synthWithNag((app) => {
      const stack = new Stack(app, 'Throwaway');
      const careless = new s3.Bucket(stack, 'Careless');
      const other = new s3.Bucket(stack, 'Other');
      acknowledgeNag(other, 'AwsSolutions-S1', 'Test bucket: access logging is deliberately off here.');
      void careless;
    });
    const findings = describeFindings(nagReport(report).violations);
    expect(findings).toContain('error AwsSolutions-S1 at Throwaway/Careless/Resource');
    expect(findings).not.toContain('error AwsSolutions-S1 at Throwaway/Other/Resource');
  });
});
