import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ensureConsoleBuilt } from '../console/build';
import { acknowledgeNag, acknowledgeWildcardResource } from './nag';

export interface MpsConsoleHostingProps {
  /**
   * Access-log bucket (the stack's server access log bucket); CloudFront standard logs need ACLs, so the
   * distribution logs nothing and the console bucket logs its S3 access here.
   */
  readonly accessLogBucket: s3.IBucket;
  /**
   * What happens to the console bucket when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What the browser reads from `config.json` to find the API and sign in. */
export interface MpsConsoleConfig {
  readonly region: string;
  readonly apiUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
}

/**
 * The web console on AWS: a private S3 bucket read by CloudFront through origin access control (no
 * public bucket, no OAI), HTTPS only, with security headers (a Content-Security-Policy that allows the
 * console's own scripts, the control API, Cognito and presigned S3 URLs only; HSTS; no framing; no
 * referrer). `deploy(config)` uploads the build of console/ and its config.json.
 */
export class MpsConsoleHosting extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** https://<distribution domain>: the origin CORS rules allow. */
  public readonly origin: string;

  constructor(scope: Construct, id: string, props: MpsConsoleHostingProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'ConsoleBucket/',
    });

    const region = Stack.of(this).region;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'mps console: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            // The control API, Cognito (sign-in, identity pool) and presigned S3 URLs (uploads, hls.js).
            `connect-src 'self' https://*.execute-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com https://cognito-identity.${region}.amazonaws.com https://*.amazonaws.com`,
            "img-src 'self' data: https://*.amazonaws.com",
            "media-src 'self' blob: https://*.amazonaws.com",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
          ].join('; '),
        },
        strictTransportSecurity: {
          override: true,
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
        },
        frameOptions: { override: true, frameOption: cloudfront.HeadersFrameOption.DENY },
        contentTypeOptions: { override: true },
        referrerPolicy: { override: true, referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'mps web console',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR1',
      'The console is for the operators of this deployment wherever they are; sign-in (Cognito) and IAM on the API restrict who can do anything.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only; every action goes to the IAM-authorized control API with SigV4 credentials of a signed-in user. Attach a WAF web ACL to the distribution if your organisation requires one.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR3',
      'CloudFront standard logs need an ACL-enabled bucket (the stack keeps ACLs disabled); the console bucket logs its S3 access and the API logs every request.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate: CloudFront then negotiates TLSv1 at least and the minimum protocol version cannot be raised without a custom domain certificate.',
    );
  }

  /** Uploads the current build of console/ and `config.json`; files no longer built are removed. */
  deploy(config: MpsConsoleConfig): s3deploy.BucketDeployment {
    const files = new s3assets.Asset(this, 'Files', { path: ensureConsoleBuilt(), exclude: ['*.map'] });
    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.bucket(files.bucket, files.s3ObjectKey),
        s3deploy.Source.jsonData('config.json', { mode: 'aws', ...config }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json', '/app.js', '/styles.css'],
      prune: true,
      memoryLimit: 256,
    });
    // The provider function is a singleton of the stack, beside (not below) this construct.
    const provider = Stack.of(this)
      .node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))
      .concat(deployment);
    const iam5 = (finding: string) =>
      `CDK BucketDeployment (${finding}): it copies the console's asset into the console bucket and invalidates this distribution (CloudFront invalidation actions take no resource).`;
    for (const scope of provider) {
      acknowledgeNag(
        scope,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'CDK BucketDeployment: its provider function uses the AWSLambdaBasicExecutionRole managed policy for its own logs.',
      );
      for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
        acknowledgeNag(
          scope,
          `AwsSolutions-IAM5[Action::${action}]`,
          iam5(`${action}, granted by aws-cdk-lib`),
        );
      }
      acknowledgeNag(
        scope,
        'AwsSolutions-IAM5[Resource::*]',
        iam5('cloudfront:CreateInvalidation/GetInvalidation'),
      );
      acknowledgeWildcardResource(
        scope,
        files.bucket.arnForObjects('*'),
        iam5('reads the asset of the built console'),
      );
      acknowledgeWildcardResource(
        scope,
        this.bucket.arnForObjects('*'),
        iam5('writes and prunes the console files'),
      );
      acknowledgeNag(
        scope,
        'AwsSolutions-L1',
        "CDK BucketDeployment's provider function runtime is chosen by aws-cdk-lib and upgraded with it.",
      );
    }
    return deployment;
  }
}
