import { Stack, Validations } from 'aws-cdk-lib';
import { type IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag AwsSolutions finding on `scope` and everything below it.
 * `rule` is the rule id as cdk-nag reports it, e.g. 'AwsSolutions-SQS3' or
 * 'AwsSolutions-IAM5[Resource::*]'. It is recorded fully qualified ('AwsSolutions::<rule>'), the form
 * CDK's validation report prints ("Acknowledge with …") and matches.
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}

/**
 * Acknowledges the AwsSolutions-IAM5 finding for one wildcard resource ARN (e.g. `bucket.arnForObjects('*')`)
 * in the policies under `scope`. The finding id embeds the ARN as cdk-nag renders it (`<Logical.Arn>/*`,
 * `arn:<AWS::Partition>:…`), computed here from the token so that logical ids are never hand-written.
 */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  acknowledgeNag(scope, `AwsSolutions-IAM5[Resource::${renderForNag(Stack.of(scope).resolve(arn))}]`, reason);
}

function renderForNag(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return `<${o.Ref}>`;
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    const sub = o['Fn::Sub'];
    if (typeof sub === 'string') return sub.replace(/\$\{([^}]+)\}/g, '<$1>');
    const join = o['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) {
      return (join[1] as unknown[]).map(renderForNag).join(String(join[0]));
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)} the way cdk-nag reports resources`);
}
