import type { FastifyRequest } from 'fastify';
import { KinoraError } from '../../errors/KinoraError.ts';
import { verifySigV4, type SigV4Identity, type SigV4Options } from '../../auth/verifySigV4.ts';

/** A verified upload: who signed, and the SHA-256 (hex) its body must have. */
export interface SignedUpload extends SigV4Identity {
  payloadHash: string;
}

/**
 * SigV4 (`AWS4-HMAC-SHA256`) for a request whose body is streamed rather
 * than held in memory (an upload of up to gigabytes), checked from the
 * headers alone before any body byte is read: an unsigned or wrongly signed
 * upload is refused without receiving it.
 *
 * The signature covers the payload hash the client declares in
 * `x-amz-content-sha256`, which is therefore required here, signed, and 64
 * hex digits (S3's rule for the same situation; `UNSIGNED-PAYLOAD` and the
 * chunked `STREAMING-*` forms are refused). Every other check is
 * `verifySigV4`'s, given that hash as the payload's. The caller hashes the
 * body as it streams and must refuse it (FORBIDDEN) unless the hash equals
 * `payloadHash`, before using any byte of it.
 */
export async function verifySignedUpload(request: FastifyRequest, options: SigV4Options): Promise<SignedUpload> {
  const headers = headersOf(request);
  const declared = headers['x-amz-content-sha256'];
  const signed = { method: request.method, url: request.raw.url ?? request.url, headers };
  // Unsigned: verifySigV4's own refusal (it names presigned URLs too).
  if (headers.authorization === undefined) await verifySigV4(signed, options);
  if (declared === undefined) throw new KinoraError('FORBIDDEN', 'an upload must carry x-amz-content-sha256, the SHA-256 of its body in hex, among its signed headers');
  if (!/^[0-9a-f]{64}$/.test(declared)) throw new KinoraError('FORBIDDEN', `x-amz-content-sha256 "${declared}" is not accepted for an upload: the payload must be signed (64 lowercase hex digits)`);
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(headers.authorization!)?.[1]?.split(';') ?? [];
  if (!signedHeaders.includes('x-amz-content-sha256')) throw new KinoraError('FORBIDDEN', "'x-amz-content-sha256' must be a 'SignedHeader' of an upload");
  return { ...(await verifySigV4({ ...signed, payloadHash: declared }, options)), payloadHash: declared };
}

/** Lowercase header names; repeated headers joined with `,` (from `rawHeaders`, as `verifyFastifySigV4` reads them). */
function headersOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = request.raw.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    out[name] = out[name] === undefined ? raw[i + 1] : `${out[name]},${raw[i + 1]}`;
  }
  return out;
}
