import { KinoraError } from '../../errors/KinoraError.ts';
import type { SigningIdentity } from './SigningIdentity.ts';
import { signSigV4 } from './signSigV4.ts';

/** How a SPEKE exchange is bounded; every value has a default. */
export interface SpekeExchangeLimits {
  /** Tries in all (the first and the retries). Default 3. */
  attempts: number;
  /** One try may take this long, headers and body. Default 5 s. */
  attemptTimeoutMs: number;
  /** The whole exchange, retries and waits included. Default 15 s. */
  deadlineMs: number;
  /** The wait before retry n is `backoffMs * 2^(n-1)` plus up to half of it at random. Default 200 ms. */
  backoffMs: number;
  /** A longer answer is refused while it is read. Default 1 MiB. */
  maxResponseBytes: number;
}

export const DEFAULT_SPEKE_LIMITS: SpekeExchangeLimits = { attempts: 3, attemptTimeoutMs: 5_000, deadlineMs: 15_000, backoffMs: 200, maxResponseBytes: 1 << 20 };

/**
 * One SPEKE exchange (SPEKE API "VOD workflow method call examples"):
 * `POST` the CPIX document to the key server, `Content-Type:
 * application/xml`, with `X-Speke-Version: 2.0` for SPEKE v2, signed with
 * SigV4 when there is an identity (`signSigV4`, re-signed at each try for a
 * fresh date), and return the answer's text.
 *
 * Bounded on every side: each try has `attemptTimeoutMs`, the whole
 * exchange `deadlineMs`; the body is read up to `maxResponseBytes` and the
 * connection dropped past it; redirects are refused (a signed request is
 * for one host). Network errors, timeouts, 429 and 5xx are retried with
 * exponential backoff and jitter; any other status, or an answer that is
 * too long or not UTF-8, fails at once. A SPEKE v2 answer whose
 * `X-Speke-Version` differs from the request's is refused. Every failure is
 * a KEY_PROVIDER_ERROR saying what happened at each try.
 */
export async function postCpix(v: {
  url: string;
  body: string;
  version: 1 | 2;
  identity?: SigningIdentity;
  limits?: Partial<SpekeExchangeLimits>;
  fetch?: typeof fetch;
  /** Clock for signatures (tests); default `Date.now`. */
  now?: () => number;
}): Promise<string> {
  const limits = { ...DEFAULT_SPEKE_LIMITS, ...v.limits };
  const send = v.fetch ?? fetch;
  const body = new TextEncoder().encode(v.body);
  const deadline = AbortSignal.timeout(limits.deadlineMs);
  const failures: string[] = [];
  for (let attempt = 1; attempt <= limits.attempts; attempt++) {
    if (attempt > 1) {
      const wait = limits.backoffMs * 2 ** (attempt - 2) * (1 + Math.random() / 2);
      if (!(await sleep(wait, deadline))) break;
    }
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (v.version === 2) headers['x-speke-version'] = '2.0';
    if (v.identity) Object.assign(headers, signSigV4({ method: 'POST', url: v.url, headers, body }, v.identity, (v.now ?? Date.now)()));
    const signal = AbortSignal.any([deadline, AbortSignal.timeout(limits.attemptTimeoutMs)]);
    try {
      const response = await send(v.url, { method: 'POST', headers, body, redirect: 'error', signal });
      if (response.status === 200) {
        const echoed = response.headers.get('x-speke-version');
        if (v.version === 2 && echoed !== null && echoed.trim() !== '2.0') {
          await response.body?.cancel();
          throw fail(v.url, `the key server answered X-Speke-Version ${JSON.stringify(echoed)} to a SPEKE 2.0 request`);
        }
        return await readBounded(response, limits.maxResponseBytes, v.url);
      }
      const excerpt = (await readBounded(response, 2048, v.url).catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
      const message = `HTTP ${response.status}${excerpt ? ` (${excerpt})` : ''}`;
      if (response.status !== 429 && response.status < 500) throw fail(v.url, message);
      failures.push(`try ${attempt}: ${message}`);
    } catch (e) {
      if (e instanceof KinoraError) throw e;
      const timedOut = signal.aborted;
      failures.push(`try ${attempt}: ${timedOut ? `no answer within ${deadline.aborted ? `the ${limits.deadlineMs} ms deadline` : `${limits.attemptTimeoutMs} ms`}` : describe(e)}`);
      if (deadline.aborted) break;
    }
  }
  throw fail(v.url, `${failures.join('; ')}${deadline.aborted ? `; gave up at the ${limits.deadlineMs} ms deadline` : ''}`);
}

/** Reads a body up to `max` bytes, cancelling the stream past it; the text must be UTF-8. */
async function readBounded(response: Response, max: number, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    throw fail(url, `the answer declares ${declared} bytes, over the ${max}-byte limit`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel();
        throw fail(url, `the answer is over the ${max}-byte limit`);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail(url, 'the answer is not UTF-8 text');
  }
}

/** Waits `ms`, or less when `signal` aborts first; false when it did. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(e: unknown): string {
  const error = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = error.cause?.code ?? error.cause?.message;
  return `${error.message ?? String(e)}${cause ? ` (${cause})` : ''}`;
}

function fail(url: string, message: string): KinoraError {
  return new KinoraError('KEY_PROVIDER_ERROR', `SPEKE key server ${url}: ${message}`);
}
