import { sendSigned } from './sendSigned.ts';
import type { ConsoleKey } from './credentialStore.ts';

export interface EventRule {
  Name: string;
  Arn: string;
  EventPattern?: string;
  State?: string;
  Description?: string;
  EventBusName?: string;
}

export interface EventTarget {
  Id: string;
  Arn: string;
  Input?: string;
  InputPath?: string;
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
}

/**
 * Kinora's EventBridge-compatible bus (AWS JSON 1.1: `POST /` with
 * `X-Amz-Target: AWSEvents.<Action>`), signed for service `events`.
 */
export class EventBridgeApi {
  private readonly base: string;
  private readonly key: () => ConsoleKey;

  constructor(base: string, key: () => ConsoleKey) {
    this.base = base.replace(/\/+$/, '');
    this.key = key;
  }

  call(operation: string, action: string, input: unknown): Promise<any> {
    return sendSigned({
      operation,
      method: 'POST',
      url: `${this.base}/`,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${action}` },
      body: JSON.stringify(input),
      service: 'events',
      key: this.key(),
    });
  }

  async listRules(): Promise<EventRule[]> {
    const out: EventRule[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await this.call('Listing event rules', 'ListRules', { Limit: 100, ...(NextToken ? { NextToken } : {}) });
      out.push(...(r?.Rules ?? []));
      NextToken = r?.NextToken;
      if (!NextToken) break;
    }
    return out;
  }

  async listTargetsByRule(rule: string): Promise<EventTarget[]> {
    const r = await this.call(`Listing the targets of rule ${rule}`, 'ListTargetsByRule', { Rule: rule, Limit: 100 });
    return r?.Targets ?? [];
  }
}
