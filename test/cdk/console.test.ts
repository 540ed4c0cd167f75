import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MpsStack } from '../../lib/mps-stack';
import { API_CORS } from '../console/support/aws-stand-ins';
import {
  actionsOf,
  ENV,
  handlersDir,
  lid,
  resourcesOf,
  resourcesOfStatement,
  statementsOfRole,
} from './helpers';

let stack: MpsStack;
let t: Template;
let origin: unknown;

beforeAll(() => {
  const app = new App();
  stack = new MpsStack(app, 'MpsConsole', {
    env: ENV,
    webConsole: true,
    functionOptions: { handlersDir: handlersDir() },
  });
  t = Template.fromStack(stack);
  const distribution = lid(stack.service.consoleHosting!.distribution);
  origin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] };
});

describe('web console hosting (S3 + CloudFront)', () => {
  test('CloudFront reads a private bucket through origin access control, HTTPS only, index.html at /', () => {
    t.resourceCountIs('AWS::CloudFront::Distribution', 1);
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
        }),
        Origins: [
          Match.objectLike({
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
    const bucket = lid(stack.service.consoleHosting!.bucket);
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policy = Object.values(resourcesOf(t, 'AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties!.Bucket) === JSON.stringify({ Ref: bucket }),
    )!;
    const statements = policy.Properties!.PolicyDocument.Statement as Array<Record<string, unknown>>;
    // SSL only, and reads by this distribution only.
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudfront::',
                    { Ref: 'AWS::AccountId' },
                    ':distribution/',
                    { Ref: lid(stack.service.consoleHosting!.distribution) },
                  ],
                ],
              },
            },
          },
        }),
      ]),
    );
    expect(
      statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('"*"')),
    ).toEqual([]);
  });

  test('security headers: CSP (own scripts only), HSTS, no framing, nosniff, no referrer', () => {
    const policy = Object.values(resourcesOf(t, 'AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    const sec = policy.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(sec.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(sec.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, Override: true });
    expect(sec.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(sec.ContentTypeOptions).toEqual({ Override: true });
    expect(sec.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  test('the build and a config.json naming the API and the Cognito pools are deployed to the bucket', () => {
    const deployments = Object.values(resourcesOf(t, 'Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(1);
    const props = deployments[0]!.Properties!;
    expect(props.DestinationBucketName).toEqual({ Ref: lid(stack.service.consoleHosting!.bucket) });
    expect(props.Prune).toBe(true);
    const markers = JSON.stringify(props.SourceMarkers);
    expect(markers).toContain(lid(stack.service.consoleAuth!.userPool));
    expect(markers).toContain(stack.getLogicalId(stack.service.consoleAuth!.identityPool));
    expect(markers).toContain(lid(stack.api.httpApi));
  });

  test('outputs: the console URL and its user pool', () => {
    t.hasOutput('ConsoleUrl', { Value: origin });
    t.hasOutput('ConsoleUserPoolId', { Value: { Ref: lid(stack.service.consoleAuth!.userPool) } });
  });
});

describe('web console sign-in (Cognito) and API access', () => {
  test('user pool: administrators create users (no self sign-up), strong passwords, optional TOTP', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  test('identity pool: no unauthenticated identities; its authenticated role may only invoke this API', () => {
    t.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [Match.objectLike({ ServerSideTokenCheck: true })],
    });
    const roleId = lid(stack.service.consoleAuth!.authenticatedRole);
    const role = resourcesOf(t, 'AWS::IAM::Role')[roleId]!;
    expect(role.Properties!.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Condition: {
          StringEquals: {
            'cognito-identity.amazonaws.com:aud': {
              Ref: stack.getLogicalId(stack.service.consoleAuth!.identityPool),
            },
          },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
        },
      },
    ]);
    const statements = statementsOfRole(t, roleId);
    expect(statements.flatMap(actionsOf)).toEqual(['execute-api:Invoke']);
    const resource = JSON.stringify(statements.flatMap(resourcesOfStatement));
    expect(resource).toContain(lid(stack.api.httpApi));
    t.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: { authenticated: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    });
  });

  test('CORS: the API and the trigger/output buckets answer the console origin only', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [origin],
        AllowHeaders: Match.arrayWith(['authorization', 'x-amz-date', 'x-amz-security-token']),
      }),
    });
    // The API stand-in of the console's browser test answers preflights with these same rules.
    const api = Object.values(resourcesOf(t, 'AWS::ApiGatewayV2::Api'))[0]!.Properties!;
    expect(api.CorsConfiguration).toEqual({
      AllowOrigins: [origin],
      AllowMethods: API_CORS.allowMethods,
      AllowHeaders: API_CORS.allowHeaders,
      MaxAge: API_CORS.maxAgeSeconds,
    });
    // Preflights carry no credentials: OPTIONS has its own route without authorization; all else is IAM.
    const routes = Object.values(resourcesOf(t, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes.map((r) => [r.RouteKey, r.AuthorizationType]).sort()).toEqual([
      ['ANY /{proxy+}', 'AWS_IAM'],
      ['OPTIONS /{proxy+}', 'NONE'],
    ]);
    for (const bucket of [stack.storage.triggerBuckets[0]!, stack.storage.outputBuckets[0]!]) {
      const props = resourcesOf(t, 'AWS::S3::Bucket')[lid(bucket)]!.Properties!;
      expect(props.CorsConfiguration).toEqual({
        CorsRules: [
          {
            AllowedOrigins: [origin],
            AllowedMethods: ['GET', 'HEAD', 'PUT'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 3600,
          },
        ],
      });
    }
  });
});

test('without webConsole (the default) there is no CloudFront, no Cognito and no CORS', () => {
  const plain = Template.fromStack(
    new MpsStack(new App(), 'MpsPlain', { env: ENV, functionOptions: { handlersDir: handlersDir() } }),
  );
  plain.resourceCountIs('AWS::CloudFront::Distribution', 0);
  plain.resourceCountIs('AWS::Cognito::UserPool', 0);
  plain.resourceCountIs('Custom::CDKBucketDeployment', 0);
  for (const api of Object.values(resourcesOf(plain, 'AWS::ApiGatewayV2::Api'))) {
    expect(api.Properties!.CorsConfiguration).toBeUndefined();
  }
  for (const bucket of Object.values(resourcesOf(plain, 'AWS::S3::Bucket'))) {
    expect(bucket.Properties!.CorsConfiguration).toBeUndefined();
  }
});
