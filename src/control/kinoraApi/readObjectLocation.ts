import { KinoraError } from '../../errors/KinoraError.ts';

/** Longest key S3 accepts, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/**
 * A bucket name from a request path, by S3's naming rules (3-63 lowercase
 * letters, digits, dots and hyphens, starting and ending with a letter or
 * digit): anything else is BAD_PATH (400), never passed to a store.
 */
export function readBucketName(bucket: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new KinoraError('BAD_PATH', `"${bucket}" is not a bucket name: expected 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`, { subject: bucket });
  }
  return bucket;
}

/**
 * An object key to write, refused (BAD_PATH, 400) unless it names one file
 * inside its bucket on every store: not empty, at most 1024 UTF-8 bytes, not
 * absolute (`/a`), no `.` or `..` segment, no empty segment (`a//b`, a
 * trailing `/`: a folder store would write another key's file), no
 * backslash, no control character.
 */
export function readObjectKey(key: string, bucket: string): string {
  const subject = `s3://${bucket}/${key}`;
  const refuse = (why: string) => new KinoraError('BAD_PATH', `invalid object key "${key}": ${why}`, { subject });
  if (key === '') throw refuse('it is empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw refuse(`it is over ${MAX_KEY_BYTES} bytes long`);
  if (key.startsWith('/')) throw refuse('keys are relative to the bucket, not absolute paths');
  if (key.includes('\\')) throw refuse('backslashes are not allowed');
  if (/[\u0000-\u001f\u007f]/.test(key)) throw refuse('control characters are not allowed');
  const segments = key.split('/');
  if (segments.some((s) => s === '.' || s === '..')) throw refuse('"." and ".." segments are not allowed');
  if (segments.some((s) => s === '')) throw refuse('empty path segments (// or a trailing /) are not allowed');
  return key;
}
