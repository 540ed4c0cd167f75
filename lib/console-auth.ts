import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNag, acknowledgeWildcardResource } from './nag';

export interface MpsConsoleAuthProps {
  /** The IAM-authorized control API the signed-in users may call. */
  readonly httpApi: apigw.IHttpApi;
  /**
   * What happens to the user pool when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Sign-in for the web console: a Cognito user pool (no self sign-up; users are created by an
 * administrator, see the README), an app client for the browser (USER_PASSWORD_AUTH over TLS, no secret,
 * refresh tokens) and an identity pool whose authenticated role may call the control API
 * (execute-api:Invoke on it, nothing else). The browser signs its API requests with SigV4 using those
 * temporary credentials, so the API keeps one authorization model (IAM) for the CLI and the console.
 */
export class MpsConsoleAuth extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  public readonly identityPool: cognito.CfnIdentityPool;
  /** The role signed-in console users get. */
  public readonly authenticatedRole: iam.Role;

  constructor(scope: Construct, id: string, props: MpsConsoleAuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('ConsoleClient', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    const region = Stack.of(this).region;
    this.identityPool = new cognito.CfnIdentityPool(this, 'IdentityPool', {
      allowUnauthenticatedIdentities: false,
      cognitoIdentityProviders: [
        {
          clientId: this.userPoolClient.userPoolClientId,
          providerName: `cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`,
          serverSideTokenCheck: true,
        },
      ],
    });
    this.authenticatedRole = new iam.Role(this, 'AuthenticatedRole', {
      description: 'mps web console users: call the control API (SigV4), nothing else',
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPool.ref },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    const invoke = props.httpApi.arnForExecuteApi();
    this.authenticatedRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [invoke] }),
    );
    acknowledgeWildcardResource(
      this.authenticatedRole,
      invoke,
      'Every route of this one control API (the console uses all of them); no other API.',
    );
    new cognito.CfnIdentityPoolRoleAttachment(this, 'Roles', {
      identityPoolId: this.identityPool.ref,
      roles: { authenticated: this.authenticatedRole.roleArn },
    });

    acknowledgeNag(
      this.userPool,
      'AwsSolutions-COG2',
      'TOTP MFA is available to every user (optional); require it with the user pool settings where policy demands it. The console handles the sign-in challenge of a new password only.',
    );
    acknowledgeNag(
      this.userPool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is a paid Cognito plan; the pool has a handful of administrator-created users.',
    );
    acknowledgeNag(
      this.userPool,
      'AwsSolutions-COG3',
      'Threat protection (advanced security) is a paid Cognito feature plan; users are created by an administrator only (no self sign-up).',
    );
  }
}
