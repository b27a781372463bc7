import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TranscodeError } from './TranscodeError.ts';
import type { InputLocation, InputPolicy } from './InputLocation.ts';
import { isHostAllowed } from './isHostAllowed.ts';

/**
 * Parses a job input (`s3://bucket/key`, an absolute path or `file://` URL,
 * or `https://...`) and applies the input policy. Throws INPUT_FORBIDDEN for
 * what the policy refuses (local files when not allowed, `http:`, hosts off
 * the allow-list) and INPUT_NOT_FOUND for what cannot name an input at all.
 */
export function readInputLocation(input: string, policy: InputPolicy): InputLocation {
  if (typeof input !== 'string' || input.trim() === '') throw new TranscodeError('INPUT_NOT_FOUND', 'the job has no input', { subject: String(input) });
  if (input.startsWith('s3://')) {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(input);
    if (!m) throw new TranscodeError('INPUT_NOT_FOUND', `${input} does not name an object (expected s3://bucket/key)`, { subject: input });
    return { kind: 's3', bucket: m[1], key: m[2] };
  }
  if (/^https?:\/\//i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new TranscodeError('INPUT_NOT_FOUND', `${input} is not a valid URL`, { subject: input });
    }
    if (url.protocol !== 'https:') throw new TranscodeError('INPUT_FORBIDDEN', `${input}: only https:// URLs are accepted as inputs`, { subject: input });
    if (url.username || url.password) throw new TranscodeError('INPUT_FORBIDDEN', `${url.host}: credentials in input URLs are not accepted`, { subject: url.host });
    if (!isHostAllowed(url.hostname, policy.allowedHttpsHosts)) {
      throw new TranscodeError('INPUT_FORBIDDEN', `${url.hostname} is not on the transcoder's allow-list of input hosts${policy.allowedHttpsHosts.length ? ` (${policy.allowedHttpsHosts.join(', ')})` : ', which is empty'}`, { subject: input });
    }
    return { kind: 'https', url };
  }
  let path = input;
  if (input.startsWith('file:')) {
    try {
      path = fileURLToPath(input);
    } catch {
      throw new TranscodeError('INPUT_NOT_FOUND', `${input} is not a valid file URL`, { subject: input });
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new TranscodeError('INPUT_FORBIDDEN', `${input}: unsupported input scheme (use s3://, https:// or a local path)`, { subject: input });
  }
  if (!policy.allowLocalFiles) throw new TranscodeError('INPUT_FORBIDDEN', `${input}: local files are not accepted as inputs here (only s3:// and allow-listed https://)`, { subject: input });
  if (!isAbsolute(path)) throw new TranscodeError('INPUT_NOT_FOUND', `${input} is not an absolute path`, { subject: input });
  return { kind: 'file', path };
}
