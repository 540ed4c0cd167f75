import { ValidationError } from '../errors';
import type { NotificationType } from '../model';
import type { TaskEvent } from './task-event';

/** Where one task event goes. */
export interface DeliveryTarget {
  type: NotificationType;
  /** Queue URL/ARN, topic ARN, https URL, function name/ARN. */
  target: string;
}

/** Body of a NotifyQueue message: one event for one target. */
export interface DeliveryMessage {
  kind: 'mps.delivery';
  version: 1;
  target: DeliveryTarget;
  event: TaskEvent;
}

/** The NotifyQueue message that delivers `event` to `target`. */
export function deliveryMessage(target: DeliveryTarget, event: TaskEvent): DeliveryMessage {
  return { kind: 'mps.delivery', version: 1, target, event };
}

const TARGET_TYPES: ReadonlySet<string> = new Set<NotificationType>(['queue', 'topic', 'url', 'function']);

/** Parses a NotifyQueue message body; ValidationError when it is not a delivery message. */
export function parseDeliveryMessage(body: string): DeliveryMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ValidationError('delivery message is not JSON', 'body');
  }
  const m = value as Partial<DeliveryMessage> | null;
  if (
    m?.kind !== 'mps.delivery' ||
    m.version !== 1 ||
    typeof m.target?.target !== 'string' ||
    !TARGET_TYPES.has(m.target?.type as string) ||
    typeof m.event?.eventId !== 'string'
  ) {
    throw new ValidationError(
      'message is not an mps delivery message (kind, version, target, event)',
      'body',
    );
  }
  return m as DeliveryMessage;
}
