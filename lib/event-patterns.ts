import type * as events from 'aws-cdk-lib/aws-events';
import type { EventPattern } from '../lambdas/contract';

/** A contract pattern (lambdas/contract.ts, EventBridge's JSON field names) in CDK's form. */
export function cdkEventPattern(pattern: EventPattern): events.EventPattern {
  const { source, 'detail-type': detailType, detail, ...rest } = pattern;
  if (Object.keys(rest).length > 0)
    throw new Error(`unsupported pattern fields: ${Object.keys(rest).join(', ')}`);
  return {
    ...(source ? { source: [...(source as readonly string[])] } : {}),
    ...(detailType ? { detailType: [...(detailType as readonly string[])] } : {}),
    ...(detail ? { detail: detail as Record<string, unknown> } : {}),
  };
}
