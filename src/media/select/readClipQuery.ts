import type { ClipRange } from './Clip.ts';
import { selectionError } from './selectionError.ts';

/**
 * Decimal seconds: digits, optionally a point and more digits. No sign, no
 * exponent, no `Infinity`; at most 9 integer digits (31 years) and 6
 * decimals (microseconds, finer than any timescale Kinora writes).
 */
const SECONDS = /^[0-9]{1,9}(?:\.[0-9]{1,6})?$/;

/**
 * Reads the clip query parameters `start` and `end` (seconds of the asset's
 * presentation timeline, decimals allowed: `?start=12.5&end=30`), as a query
 * parser gives them (a string, or an array when repeated). Returns
 * `undefined` when neither is present; either alone is allowed (`planClip`
 * fills in 0 and the duration).
 *
 * Throws `CLIP_INVALID` (HTTP 400) for a repeated or empty parameter, a
 * value that is not plain decimal seconds, or an `end` not after `start`.
 * Whether the range lies within the asset is `planClip`'s check, which
 * knows the duration.
 */
export function readClipQuery(query: { start?: string | readonly string[]; end?: string | readonly string[] }): ClipRange | undefined {
  const startSeconds = readSeconds('start', query.start);
  const endSeconds = readSeconds('end', query.end);
  if (startSeconds === undefined && endSeconds === undefined) return undefined;
  if (startSeconds !== undefined && endSeconds !== undefined && !(endSeconds > startSeconds)) {
    throw selectionError('CLIP_INVALID', `clip end must be after its start, found start=${startSeconds} and end=${endSeconds}`);
  }
  const range: ClipRange = {};
  if (startSeconds !== undefined) range.startSeconds = startSeconds;
  if (endSeconds !== undefined) range.endSeconds = endSeconds;
  return range;
}

function readSeconds(name: 'start' | 'end', value: string | readonly string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    if (value.length > 1) throw selectionError('CLIP_INVALID', `${name} may be given once, found ${value.length} times`);
    if (value.length === 0) return undefined;
    return readSeconds(name, value[0]);
  }
  if (!SECONDS.test(value)) {
    const shown = value.length > 24 ? `${value.slice(0, 24)}...` : value;
    throw selectionError('CLIP_INVALID', `${name} must be seconds as digits with up to 6 decimals (e.g. 12.5), found "${shown}"`);
  }
  return Number(value);
}
