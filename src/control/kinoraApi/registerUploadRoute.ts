import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ObjectStore } from '../../storage/ObjectStore.ts';
import type { SigV4Options } from '../../auth/verifySigV4.ts';
import { KinoraError } from '../../errors/KinoraError.ts';
import { readBucketName, readObjectKey } from './readObjectLocation.ts';
import { receiveUpload } from './receiveUpload.ts';
import { sendJson } from './sendJson.ts';
import { verifySignedUpload } from './verifySignedUpload.ts';

/**
 * `PUT /buckets/{bucket}/objects/{key}`: an upload of any content type, in
 * this order, so that nothing unchecked is stored and nothing unsigned is
 * received:
 * 1. the signature, from the headers (`verifySignedUpload`: the body's
 *    SHA-256 is declared in the signed `x-amz-content-sha256`);
 * 2. bucket and key (`readBucketName`, `readObjectKey`: BAD_PATH, 400);
 * 3. a `Content-Length` over `limitBytes` is BODY_TOO_LARGE (413) before any byte is read;
 * 4. the body is streamed into a temporary file under `tempDir`, hashed and
 *    counted (over the limit: 413 at once; a chunked body has no length to check first);
 * 5. a hash other than the declared one is FORBIDDEN (403), as SigV4 says;
 * 6. only then the object is stored from the file (`putFile`, streamed), and
 *    the temporary file removed: memory does not grow with the upload.
 */
export function registerUploadRoute(scope: FastifyInstance, deps: { store: ObjectStore; tempDir: string; limitBytes: number; sigV4: SigV4Options }): void {
  // The body stays a stream: the handler reads it, after the checks.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  scope.put('/buckets/:bucket/objects/*', async (request, reply) => {
    const signed = await verifySignedUpload(request, deps.sigV4);
    const bucket = readBucketName((request.params as { bucket: string }).bucket);
    const key = readObjectKey(rawKeyOf(request), bucket);
    const uri = `s3://${bucket}/${key}`;
    const declaredLength = request.headers['content-length'];
    if (declaredLength !== undefined && Number(declaredLength) > deps.limitBytes) {
      throw new KinoraError('BODY_TOO_LARGE', `${uri}: the upload is ${declaredLength} bytes, over the ${deps.limitBytes}-byte limit`, { subject: uri });
    }
    await mkdir(deps.tempDir, { recursive: true });
    const temp = join(deps.tempDir, `upload-${randomUUID()}`);
    let received: { size: number; sha256: string };
    try {
      const body = (request.body ?? []) as AsyncIterable<Uint8Array>;
      received = await receiveUpload(body, { path: temp, limitBytes: deps.limitBytes, subject: uri });
      if (received.sha256 !== signed.payloadHash) throw new KinoraError('FORBIDDEN', "The provided 'x-amz-content-sha256' header does not match what was computed", { subject: uri });
      await deps.store.putFile(bucket, key, temp);
    } finally {
      await rm(temp, { force: true });
    }
    const { lastModified } = await deps.store.head(bucket, key);
    return sendJson(reply, 200, { bucket, key, uri, size: received.size, sha256: received.sha256, lastModified: lastModified.toISOString() });
  });
}

/** `{key}` from the raw path: everything after `/objects/`, percent-decoded once (`%2F` is a `/` of the key). */
function rawKeyOf(request: FastifyRequest): string {
  const path = (request.raw.url ?? '').split('?')[0];
  const raw = /^.*?\/buckets\/[^/]+\/objects\/(.*)$/s.exec(path)?.[1] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new KinoraError('BAD_PATH', `the object key "${raw}" is not valid percent-encoding`, { subject: raw });
  }
}
