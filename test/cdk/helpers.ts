/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized CloudFormation JSON is untyped */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { DEFAULT_HANDLERS_DIR, type HandlerName } from '../../lib/function';

export const HANDLERS: readonly HandlerName[] = [
  'ingest',
  'job-events',
  'notify-delivery',
  'api',
  'seed',
  'watchdog',
];

/** Handler sources that do not exist (yet) in `dir`. */
export function missingHandlers(dir: string = DEFAULT_HANDLERS_DIR): string[] {
  return HANDLERS.map((h) => path.join(dir, `${h}.ts`)).filter((f) => !fs.existsSync(f));
}

/**
 * Directory of the handler sources the test stacks bundle: lambdas/handlers. Fails with a clear message when
 * a handler is missing, since NodejsFunction cannot bundle a missing entry.
 */
export function handlersDir(): string {
  const dir = process.env.MPS_CDK_TEST_HANDLERS_DIR ?? DEFAULT_HANDLERS_DIR;
  const missing = missingHandlers(dir);
  if (missing.length > 0) throw new Error(`handler sources missing, cannot bundle: ${missing.join(', ')}`);
  return dir;
}

export const ENV = { account: '111111111111', region: 'eu-west-1' } as const;

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [k: string]: any }>;

/** All resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Our functions (not CDK framework ones), keyed by handler name (from POWERTOOLS_SERVICE_NAME = mps-<name>). */
export function mpsFunctions(
  template: Template,
): Record<string, { logicalId: string; props: Record<string, any> }> {
  const out: Record<string, { logicalId: string; props: Record<string, any> }> = {};
  for (const [logicalId, r] of Object.entries(resourcesOf(template, 'AWS::Lambda::Function'))) {
    const service: unknown = r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    if (typeof service === 'string' && service.startsWith('mps-')) {
      out[service.slice('mps-'.length)] = { logicalId, props: r.Properties! };
    }
  }
  return out;
}

/** Logical id of the role referenced by a function's Role property ({ Fn::GetAtt: [roleId, 'Arn'] }). */
export function roleIdOf(fn: { props: Record<string, any> }): string {
  return fn.props.Role['Fn::GetAtt'][0];
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Principal?: unknown;
}

/** Identity-policy statements attached to a role (AWS::IAM::Policy resources whose Roles include it). */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const out: Statement[] = [];
  for (const r of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles: unknown[] = r.Properties!.Roles ?? [];
    if (roles.some((x: any) => x?.Ref === roleId)) out.push(...r.Properties!.PolicyDocument.Statement);
  }
  return out;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOfStatement = (s: Statement): unknown[] =>
  Array.isArray(s.Resource) ? s.Resource : [s.Resource];

/** Logical id of the single resource of `type` whose logical id starts with `prefix`. */
export function logicalIdStartingWith(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOf(template, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** Logical id of the CloudFormation resource behind an L2 construct (its default child). */
export function lid(construct: IConstruct): string {
  const cfn = construct.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(cfn);
}
