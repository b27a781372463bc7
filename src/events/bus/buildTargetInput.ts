import type { EventBridgeEvent } from '../EventBridgeEvent.ts';
import type { TargetRecord } from '../store/records.ts';
import { readJsonPath } from './readJsonPath.ts';

/** What a target receives: the JSON text a webhook is sent, and its value for a built-in function. */
export interface TargetInput {
  body: string;
  value: unknown;
}

/**
 * The input a target receives, as EventBridge builds it (API Reference,
 * `Target`): the whole event; or `Input` (JSON text, as is); or the part of
 * the event `InputPath` selects; or `InputTransformer`'s `InputTemplate`
 * with `<name>` placeholders replaced by the `InputPathsMap` values (and the
 * reserved `aws.events.rule-arn`, `aws.events.rule-name`,
 * `aws.events.event.ingestion-time`, `aws.events.event`,
 * `aws.events.event.json`). Inside a JSON string a placeholder becomes the
 * value's text (escaped); elsewhere, its JSON. A path leading nowhere gives
 * `null` (an empty text inside a string).
 */
export function buildTargetInput(event: EventBridgeEvent, target: TargetRecord, rule: { name: string; arn: string }): TargetInput {
  if (target.Input !== undefined) return { body: target.Input, value: JSON.parse(target.Input) };
  if (target.InputPath !== undefined) {
    const value = readJsonPath(event, target.InputPath) ?? null;
    return { body: JSON.stringify(value), value };
  }
  if (target.InputTransformer !== undefined) {
    const values = new Map<string, unknown>([
      ['aws.events.rule-arn', rule.arn],
      ['aws.events.rule-name', rule.name],
      ['aws.events.event.ingestion-time', event.time],
      ['aws.events.event', event],
      ['aws.events.event.json', event],
    ]);
    for (const [name, path] of Object.entries(target.InputTransformer.InputPathsMap ?? {})) values.set(name, readJsonPath(event, path));
    const body = fillTemplate(target.InputTransformer.InputTemplate, values);
    let value: unknown = body;
    try {
      value = JSON.parse(body);
    } catch {
      // A template need not be JSON; functions then receive the text.
    }
    return { body, value };
  }
  const body = JSON.stringify(event);
  return { body, value: event };
}

function fillTemplate(template: string, values: Map<string, unknown>): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && inString) {
      out += template.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    if (c === '<') {
      const end = template.indexOf('>', i);
      const name = end > i ? template.slice(i + 1, end) : '';
      if (values.has(name)) {
        const value = values.get(name);
        if (inString) {
          const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
          out += JSON.stringify(text).slice(1, -1);
        } else {
          out += JSON.stringify(value ?? null);
        }
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}
