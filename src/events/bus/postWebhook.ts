import { DeliveryError } from './DeliveryError.ts';
import { DeliveryErrorCode } from './DeliveryErrorCode.ts';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request early (the bus is closing). */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** How much of a failed answer's body is quoted in the error. */
const ERROR_EXCERPT_BYTES = 512;

/**
 * POSTs a delivery to a webhook. The whole exchange, body included, is bounded
 * by `timeoutMs`. A 2xx answer succeeds. Like EventBridge API destinations,
 * 429, 408 and 5xx answers, timeouts and network errors are retryable; other
 * answers (4xx, redirects, which are not followed) are not.
 * Throws {@link DeliveryError}.
 */
export async function postWebhook(request: WebhookRequest): Promise<{ status: number }> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(request.url, { method: 'POST', body: request.body, headers: request.headers, signal, redirect: 'manual' });
  } catch (e) {
    throw failure(e, request, timeout);
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => {});
    return { status: response.status };
  }
  let excerpt = '';
  try {
    excerpt = await readExcerpt(response);
  } catch (e) {
    if (timeout.aborted) throw failure(e, request, timeout);
  }
  const retryable = response.status === 429 || response.status === 408 || response.status >= 500;
  throw new DeliveryError(
    DeliveryErrorCode.WEBHOOK_HTTP_ERROR,
    `POST ${request.url} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
    { retryable, httpStatus: response.status },
  );
}

function failure(e: unknown, request: WebhookRequest, timeout: AbortSignal): DeliveryError {
  if (timeout.aborted) {
    return new DeliveryError(DeliveryErrorCode.WEBHOOK_TIMEOUT, `POST ${request.url} did not answer within ${request.timeoutMs} ms`, { retryable: true, cause: e });
  }
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (e as Error).message;
  return new DeliveryError(DeliveryErrorCode.WEBHOOK_NETWORK_ERROR, `POST ${request.url} failed: ${detail}`, { retryable: true, cause: e });
}

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < ERROR_EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, ERROR_EXCERPT_BYTES));
  return text.replace(/\s+/g, ' ').trim();
}
