/**
 * A small, bounded HTTP load generator (wrk/autocannon are not installed):
 * `concurrency` workers share one keep-alive `node:http` Agent and walk a URL
 * list round-robin until a deadline or a request budget is reached, whichever
 * comes first. Every response body is read to the end and counted.
 *
 * It runs in the benchmark's parent process; the servers under test run in
 * child processes, so client and server never share an event loop.
 */
import http from 'node:http';

export interface LoadOptions {
  urls: readonly string[];
  concurrency: number;
  /** Stop issuing requests after this long (ms). */
  durationMs?: number;
  /** Stop after this many requests. */
  maxRequests?: number;
  headers?: Record<string, string>;
  /** Per-request timeout; a request that exceeds it counts as an error. */
  timeoutMs?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  bytes: number;
  seconds: number;
  requestsPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: Percentiles;
  /** Every successful request's latency, for merging runs (`mergeLoadResults`). */
  latenciesMs: number[];
  /** The first few error descriptions, for the report. */
  errorSamples: string[];
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface Target {
  options: http.RequestOptions;
  href: string;
}

/** Runs the load and resolves when every worker has stopped. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.urls.length === 0) throw new Error('runLoad: no URLs');
  if (options.durationMs === undefined && options.maxRequests === undefined) throw new Error('runLoad: give durationMs or maxRequests');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const targets = options.urls.map((u) => toTarget(u, agent, options.headers ?? {}));
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let issued = 0;
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = options.durationMs === undefined ? Number.POSITIVE_INFINITY : started + options.durationMs;

  const worker = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      const target = targets[issued++ % targets.length];
      const t0 = performance.now();
      try {
        const { status, size } = await get(target, timeoutMs);
        if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
        bytes += size;
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${target.href}: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return loadResultOf(latencies, errors, bytes, seconds, errorSamples);
}

/** Several runs of one scenario as if they were one: counts and seconds add up, percentiles over all latencies. */
export function mergeLoadResults(runs: readonly LoadResult[]): LoadResult {
  const sum = (of: (r: LoadResult) => number) => runs.reduce((total, r) => total + of(r), 0);
  return loadResultOf(runs.flatMap((r) => r.latenciesMs), sum((r) => r.errors), sum((r) => r.bytes), sum((r) => r.seconds), runs.flatMap((r) => r.errorSamples).slice(0, 5));
}

/** A run's figures from what it counted: rates over its seconds, percentiles over its latencies. */
function loadResultOf(latencies: number[], errors: number, bytes: number, seconds: number, errorSamples: string[]): LoadResult {
  return {
    requests: latencies.length,
    errors,
    bytes,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    megabytesPerSecond: bytes / 1e6 / seconds,
    latencyMs: percentiles(latencies),
    latenciesMs: latencies,
    errorSamples,
  };
}

/** Sequential latency of one URL (one connection, keep-alive), after `warmup` untimed requests. */
export async function measureLatency(url: string, options: { requests: number; warmup: number; headers?: Record<string, string> }): Promise<Percentiles & { bytes: number; encoding: string }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = toTarget(url, agent, options.headers ?? {});
  const latencies: number[] = [];
  let last = { status: 0, size: 0, encoding: '' };
  for (let i = 0; i < options.warmup + options.requests; i++) {
    const t0 = performance.now();
    last = await get(target, 10_000);
    if (last.status !== 200) throw new Error(`${url}: HTTP ${last.status}`);
    if (i >= options.warmup) latencies.push(performance.now() - t0);
  }
  agent.destroy();
  return { ...percentiles(latencies), bytes: last.size, encoding: last.encoding || 'identity' };
}

/** One GET of a whole body, as bytes (for downloading what the origin packaged). */
export async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Nearest-rank percentiles. */
export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
}

function toTarget(href: string, agent: http.Agent, headers: Record<string, string>): Target {
  const url = new URL(href);
  return { href, options: { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers, method: 'GET' } };
}

function get(target: Target, timeoutMs: number): Promise<{ status: number; size: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(target.options, (response) => {
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, size, encoding: String(response.headers['content-encoding'] ?? '') }));
      response.on('error', reject);
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}
