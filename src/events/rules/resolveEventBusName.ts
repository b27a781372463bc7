import { EventBridgeError } from '../EventBridgeError.ts';

/** The only bus Kinora has. */
export const DEFAULT_EVENT_BUS = 'default';

/**
 * The bus an `EventBusName` member names (a name or an `event-bus/<name>`
 * ARN; absent means `default`). Kinora has only the default bus: any other is
 * refused as EventBridge refuses a bus that does not exist.
 */
export function resolveEventBusName(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULT_EVENT_BUS;
  const name = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(value)?.[1] ?? value;
  if (name !== DEFAULT_EVENT_BUS) throw new EventBridgeError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return name;
}
