import { ApiError } from './ApiError.ts';
import { signRequest } from './signRequest.ts';
import type { ConsoleKey } from './credentialStore.ts';

export interface SignedCall {
  operation: string;
  method: string;
  /** Absolute URL with the query already encoded. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  service: string;
  key: ConsoleKey;
}

/**
 * Signs and sends one request; resolves with the parsed JSON body (or
 * undefined for an empty one), rejects with an `ApiError` carrying the
 * server's own message.
 */
export async function sendSigned(call: SignedCall): Promise<any> {
  const headers = await signRequest({ method: call.method, url: call.url, headers: call.headers, body: call.body, service: call.service, region: call.key.region, credentials: call.key });
  let response: Response;
  try {
    response = await fetch(call.url, { method: call.method, headers, body: call.body, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(call.operation, 0, 'NetworkError', e instanceof Error ? e.message : String(e));
  }
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    // AWS APIs name the exception (header or `__type`); Kinora's own API answers `{code, message}`.
    const type = response.headers.get('x-amzn-errortype')?.split(':')[0] || json?.__type || json?.code || `HTTP ${response.status}`;
    const message = json?.message ?? json?.Message ?? (text.trim().slice(0, 300) || response.statusText || `HTTP ${response.status}`);
    throw new ApiError(call.operation, response.status, type, message);
  }
  return json;
}
