import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { KinoraError } from '../../errors/KinoraError.ts';

/**
 * Streams an upload's body into the file `path` (created, or truncated),
 * hashing it (SHA-256) and counting its bytes on the way, so neither the
 * signature check nor the size limit needs the body in memory. More than
 * `limitBytes` is BODY_TOO_LARGE (413) as soon as the limit is passed; a body
 * that breaks off is INVALID_REQUEST. The caller removes the file.
 */
export async function receiveUpload(body: AsyncIterable<Uint8Array>, options: { path: string; limitBytes: number; subject: string }): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  const file = await open(options.path, 'w');
  let size = 0;
  let writing = false;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > options.limitBytes) throw new KinoraError('BODY_TOO_LARGE', `${options.subject}: the upload is over the ${options.limitBytes}-byte limit`, { subject: options.subject });
      hash.update(chunk);
      writing = true;
      await file.write(chunk);
      writing = false;
    }
  } catch (e) {
    if (e instanceof KinoraError || writing) throw e;
    throw new KinoraError('INVALID_REQUEST', `${options.subject}: the upload broke off after ${size} bytes (${(e as Error).message})`, { subject: options.subject, cause: e });
  } finally {
    await file.close();
  }
  return { size, sha256: hash.digest('hex') };
}
