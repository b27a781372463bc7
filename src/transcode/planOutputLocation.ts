import { KinoraError } from '../errors/KinoraError.ts';
import type { OutputLocation } from './OutputLocation.ts';

/** Loose on purpose: the object store is the authority on bucket names (S3 rules, or the folder store's). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/**
 * Resolves a MediaConvert-style `Destination` against the input: a
 * destination ending in `/` is a folder and the outputs are named after the
 * input file without its extension (`s3://b/assets/VANLIFE/HLS/` +
 * `inputs/VANLIFE.m2ts` -> `VANLIFE.m3u8`); otherwise its last part is the
 * base name (`s3://b/hls/main` -> `main.m3u8`). Characters outside
 * `A-Za-z0-9._-` in a derived name become `_` (MediaConvert keeps them; Kinora
 * does not, so the names stay safe in URLs, ffmpeg patterns and asset ids).
 * Throws INVALID_REQUEST for a destination that is not `s3://bucket/...`.
 */
export function planOutputLocation(destination: string, input: string): OutputLocation {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(destination ?? '');
  if (!m || !BUCKET.test(m[1])) {
    throw new KinoraError('INVALID_REQUEST', `destination must be s3://bucket/prefix/ or s3://bucket/prefix/name, found ${JSON.stringify(destination)}`, { subject: 'destination' });
  }
  const path = m[2];
  const parts = path.split('/');
  if (parts.some((p, i) => p === '.' || p === '..' || (p === '' && i < parts.length - 1))) {
    throw new KinoraError('INVALID_REQUEST', `destination ${destination} has an empty, "." or ".." path segment`, { subject: 'destination' });
  }
  const last = parts[parts.length - 1];
  const prefix = parts.slice(0, -1).map((p) => `${p}/`).join('');
  let baseName: string;
  if (last !== '') {
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(last)) {
      throw new KinoraError('INVALID_REQUEST', `destination base name "${last}" may only use A-Z a-z 0-9 . _ -`, { subject: 'destination' });
    }
    baseName = last;
  } else {
    const file = input.replace(/[?#].*$/, '').split(/[/\\]/).pop() ?? '';
    const stem = file.includes('.') ? file.slice(0, file.lastIndexOf('.')) : file;
    baseName = stem.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200) || 'output';
  }
  return { bucket: m[1], prefix, baseName };
}
