import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { KinoraError } from '../errors/KinoraError.ts';
import type { ObjectStore } from '../storage/ObjectStore.ts';
import { TranscodeError } from './TranscodeError.ts';
import type { InputLocation, InputPolicy } from './InputLocation.ts';
import { isHostAllowed } from './isHostAllowed.ts';

const CHUNK = 8 << 20;
const MAX_REDIRECTS = 5;

/**
 * Makes a job's input readable by ffmpeg as a local file and returns its
 * path: a local input is used in place; an `s3://` object is copied through
 * the ObjectStore port in 8 MiB ranges (never whole into memory); an
 * `https://` URL is downloaded with every redirect hop checked against the
 * allow-list. `subject` is the input as the user wrote it.
 */
export async function fetchInput(
  location: InputLocation,
  subject: string,
  target: string,
  options: { objectStore: ObjectStore; policy: InputPolicy; signal?: AbortSignal; maxBytes?: number; fetch?: typeof fetch },
): Promise<string> {
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  if (location.kind === 'file') {
    try {
      if (!(await stat(location.path)).isFile()) throw new TranscodeError('INPUT_NOT_FOUND', `${subject} is not a file`, { subject });
    } catch (e: any) {
      if (e instanceof TranscodeError) throw e;
      throw new TranscodeError('INPUT_NOT_FOUND', `${subject} does not exist (${e.code ?? e.message})`, { subject, cause: e });
    }
    return location.path;
  }
  if (location.kind === 's3') {
    await copyObject(options.objectStore, location.bucket, location.key, subject, target, maxBytes, options.signal);
    return target;
  }
  await download(location.url, subject, target, maxBytes, options);
  return target;
}

async function copyObject(store: ObjectStore, bucket: string, key: string, subject: string, target: string, maxBytes: number, signal?: AbortSignal): Promise<void> {
  let size: number;
  try {
    size = (await store.head(bucket, key)).size;
  } catch (e) {
    throw fromStorage(e, subject);
  }
  if (size === 0) throw new TranscodeError('INPUT_EMPTY', `${subject} is empty (0 bytes)`, { subject });
  if (size > maxBytes) throw new TranscodeError('INPUT_UNSUPPORTED', `${subject} is ${size} bytes, over the transcoder's ${maxBytes}-byte input limit`, { subject });
  const handle = await open(target, 'w');
  try {
    for (let offset = 0; offset < size; offset += CHUNK) {
      signal?.throwIfAborted();
      let bytes: Uint8Array;
      try {
        bytes = await store.getRange(bucket, key, offset, Math.min(size, offset + CHUNK), { signal });
      } catch (e) {
        throw fromStorage(e, subject);
      }
      await handle.write(bytes, 0, bytes.byteLength, offset);
    }
  } finally {
    await handle.close();
  }
}

function fromStorage(e: unknown, subject: string): TranscodeError {
  if (e instanceof KinoraError && e.code === 'SOURCE_NOT_FOUND') return new TranscodeError('INPUT_NOT_FOUND', `${subject} does not exist`, { subject, cause: e });
  if (e instanceof KinoraError && e.code === 'SOURCE_FORBIDDEN') return new TranscodeError('INPUT_FORBIDDEN', `${subject}: ${e.message}`, { subject, cause: e });
  return new TranscodeError('INPUT_READ_FAILED', `${subject} could not be read: ${(e as Error)?.message ?? e}`, { subject, cause: e });
}

async function download(url: URL, subject: string, target: string, maxBytes: number, options: { policy: InputPolicy; signal?: AbortSignal; fetch?: typeof fetch }): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let current = url;
  let response: Response | undefined;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== 'https:' || !isHostAllowed(current.hostname, options.policy.allowedHttpsHosts)) {
      throw new TranscodeError('INPUT_FORBIDDEN', `${subject} redirects to ${current.href}, whose host is not on the allow-list`, { subject });
    }
    try {
      response = await doFetch(current, { redirect: 'manual', signal: options.signal });
    } catch (e: any) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new TranscodeError('HTTP_CONNECTION_FAILED', `${subject}: cannot connect to ${current.host} (${e?.cause?.code ?? e?.message ?? e})`, { subject, cause: e });
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current);
      response = undefined;
      continue;
    }
    break;
  }
  if (!response) throw new TranscodeError('HTTP_SERVER_ERROR', `${subject}: more than ${MAX_REDIRECTS} redirects`, { subject });
  if (!response.ok) {
    await response.body?.cancel();
    const code = response.status === 401 || response.status === 403 ? 'HTTP_FORBIDDEN' : response.status === 404 || response.status === 410 ? 'HTTP_NOT_FOUND' : 'HTTP_SERVER_ERROR';
    throw new TranscodeError(code, `${subject}: ${current.host} answered HTTP ${response.status}`, { subject });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new TranscodeError('INPUT_UNSUPPORTED', `${subject} is ${declared} bytes, over the transcoder's ${maxBytes}-byte input limit`, { subject });
  }
  const out = createWriteStream(target);
  let received = 0;
  try {
    for await (const chunk of response.body ?? []) {
      received += chunk.byteLength;
      if (received > maxBytes) throw new TranscodeError('INPUT_UNSUPPORTED', `${subject} is over the transcoder's ${maxBytes}-byte input limit`, { subject });
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } catch (e) {
    if (e instanceof TranscodeError || options.signal?.aborted) throw e;
    throw new TranscodeError('INPUT_READ_FAILED', `${subject}: the download broke off after ${received} bytes (${(e as Error)?.message ?? e})`, { subject, cause: e });
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (!Number.isNaN(declared) && received !== declared) {
    throw new TranscodeError('INPUT_READ_FAILED', `${subject}: expected ${declared} bytes, received ${received}`, { subject });
  }
}
