/** Where a target's `Arn` sends events. */
export type TargetEndpoint =
  /** `https://...` or `http://...`: POST to that URL. */
  | { kind: 'webhook'; url: string }
  /** `arn:kinora:webhook:::<name>`: POST to a webhook configured under that name. */
  | { kind: 'named-webhook'; name: string }
  /** `arn:kinora:function:::<name>` or `arn:aws:lambda:<region>:<account>:function:kinora-<name>`: a built-in function. */
  | { kind: 'function'; name: string };

const NAME = '[A-Za-z0-9._-]{1,64}';
const NAMED_WEBHOOK = new RegExp(`^arn:kinora:webhook:::(${NAME})$`);
const KINORA_FUNCTION = new RegExp(`^arn:kinora:function:::(${NAME})$`);
/** Lambda function ARN (Lambda API Reference, `FunctionArn`), optionally qualified by a version or alias. */
const LAMBDA_FUNCTION = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;

/** The forms Kinora accepts, for error messages. */
export const TARGET_ARN_FORMS =
  'http(s):// URLs, arn:kinora:webhook:::<name>, arn:kinora:function:::<name> and arn:aws:lambda:<region>:<account>:function:kinora-<name>';

/**
 * Reads a target `Arn` (see docs/events.md, "Targets"). A Lambda ARN names a
 * built-in function when its function name starts with `kinora-` (the rest is
 * the function's name), so rules written for AWS keep their shape.
 * `undefined` when the ARN is none of these forms.
 */
export function parseTargetArn(arn: string): TargetEndpoint | undefined {
  if (/^https?:\/\//i.test(arn)) {
    try {
      const url = new URL(arn);
      return url.hostname ? { kind: 'webhook', url: url.href } : undefined;
    } catch {
      return undefined;
    }
  }
  const webhook = NAMED_WEBHOOK.exec(arn);
  if (webhook) return { kind: 'named-webhook', name: webhook[1] };
  const fn = KINORA_FUNCTION.exec(arn);
  if (fn) return { kind: 'function', name: fn[1] };
  const lambda = LAMBDA_FUNCTION.exec(arn);
  if (lambda?.[1].startsWith('kinora-') && lambda[1].length > 'kinora-'.length) return { kind: 'function', name: lambda[1].slice('kinora-'.length) };
  return undefined;
}
