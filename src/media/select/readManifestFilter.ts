import type { ManifestFilter, NumberRange } from './ManifestFilter.ts';
import { manifestFilterParameters, type ManifestFilterParameter } from './manifestFilterParameters.ts';
import { selectionError } from './selectionError.ts';

/** MediaPackage's range limit: "The supported range values are 0 - 2147483647". */
const INT_MAX = 2147483647;
/** "Manifest queries ... can be up to 1024 characters long." */
const MAX_LENGTH = 1024;
const QUERY_KEY = 'aws.manifestfilter';

const INTEGER = /^[0-9]+$/;
/** `video_framerate` "accepts floating-point numbers with up to three optional decimal values". */
const DECIMAL = /^[0-9]+(?:\.[0-9]{1,3})?$/;

/**
 * Reads the value of the `aws.manifestfilter` query parameter (MediaPackage
 * user guide, "Manifest filtering": query syntax, parameters, error
 * conditions), already URL-decoded:
 *
 * ```
 * filter = [ item *( ";" item ) ]         an empty value filters nothing
 * item   = name ":" value *( "," value )  names and text values case-insensitive
 * value  = number [ "-" number ]          integer / decimal parameters; both bounds required
 *        | text                           text parameters: anything but ":" ";" ","
 * ```
 *
 * Spaces around names and values are ignored (the guide's own example is
 * `subtitle_language:en-US, hi`). Give every occurrence of the query
 * parameter (`URLSearchParams.getAll`, or a framework's string-or-array):
 * more than one is an error, as is an item that itself starts with
 * `aws.manifestfilter=` (the guide's example of a repeated parameter).
 *
 * Errors (`MediaError`, all HTTP 400 in MediaPackage): `MANIFEST_FILTER_REPEATED`
 * (several values), then `MANIFEST_FILTER_TOO_LONG` (over 1024 characters),
 * then item by item from the left: `MANIFEST_FILTER_REPEATED` (an item
 * `aws.manifestfilter=...`), `MANIFEST_FILTER_MALFORMED`,
 * `MANIFEST_FILTER_UNKNOWN_PARAMETER`, `MANIFEST_FILTER_DUPLICATE_PARAMETER`,
 * and per value `MANIFEST_FILTER_MALFORMED` (not a number of the parameter's
 * form, a missing bound), `MANIFEST_FILTER_VALUE_TOO_LARGE` (above
 * 2147483647), `MANIFEST_FILTER_INVERTED_RANGE`. A text value that matches no
 * stream (`audio_language:dahlia`) is not an error: it matches nothing.
 */
export function readManifestFilter(query: string | readonly string[]): ManifestFilter {
  const values = typeof query === 'string' ? [query] : query;
  if (values.length > 1) {
    throw selectionError('MANIFEST_FILTER_REPEATED', `${QUERY_KEY} may be given once, found ${values.length} times`);
  }
  const text = values[0] ?? '';
  if (text.length > MAX_LENGTH) {
    throw selectionError('MANIFEST_FILTER_TOO_LONG', `${QUERY_KEY} may be up to ${MAX_LENGTH} characters, found ${text.length}`);
  }
  const filter: Record<string, readonly string[] | readonly NumberRange[]> = {};
  if (text.trim() === '') return filter;

  for (const item of text.split(';')) {
    if (item.trim().toLowerCase().startsWith(`${QUERY_KEY}=`)) {
      throw selectionError('MANIFEST_FILTER_REPEATED', `${QUERY_KEY} may be given once, found it again in "${excerpt(item)}"`);
    }
    const parts = item.split(':');
    if (parts.length !== 2) {
      throw malformed(item, parts.length < 2 ? 'expected name:value' : 'expected one ":" between the name and its values');
    }
    const name = parts[0].trim().toLowerCase();
    if (name === '') throw malformed(item, 'the parameter name is empty');
    if (!Object.hasOwn(manifestFilterParameters, name)) {
      throw selectionError(
        'MANIFEST_FILTER_UNKNOWN_PARAMETER',
        `unknown manifest filter parameter "${excerpt(parts[0].trim())}"; expected one of ${Object.keys(manifestFilterParameters).join(', ')}`,
      );
    }
    const parameter = name as ManifestFilterParameter;
    if (Object.hasOwn(filter, parameter)) {
      throw selectionError('MANIFEST_FILTER_DUPLICATE_PARAMETER', `manifest filter parameter ${parameter} is given more than once`);
    }
    const list = parts[1].split(',').map((v) => v.trim());
    if (list.some((v) => v === '')) throw malformed(item, `${parameter} has an empty value`);
    const form = manifestFilterParameters[parameter].values;
    filter[parameter] = form === 'text' ? list.map((v) => v.toLowerCase()) : list.map((v) => readRange(parameter, v, form));
  }
  return filter as ManifestFilter;
}

function readRange(parameter: string, value: string, form: 'integer' | 'decimal'): NumberRange {
  const bounds = value.split('-');
  if (bounds.length > 2) throw malformed(value, `${parameter} takes a number or a min-max range`);
  const pattern = form === 'integer' ? INTEGER : DECIMAL;
  const numbers = bounds.map((b) => {
    const bound = b.trim();
    if (!pattern.test(bound)) {
      const expected = form === 'integer' ? 'a whole number' : 'a number with up to 3 decimals';
      throw malformed(value, `${parameter} takes ${expected}${bounds.length === 2 ? ' on both sides of "-"' : ''}, found "${excerpt(bound)}"`);
    }
    const n = Number(bound);
    if (n > INT_MAX) {
      throw selectionError('MANIFEST_FILTER_VALUE_TOO_LARGE', `${parameter} values are at most ${INT_MAX}, found ${excerpt(bound)}`);
    }
    return n;
  });
  const [min, max = min] = numbers;
  if (min > max) {
    throw selectionError('MANIFEST_FILTER_INVERTED_RANGE', `${parameter} range ${value} has its minimum above its maximum`);
  }
  return { min, max };
}

function malformed(item: string, why: string) {
  return selectionError('MANIFEST_FILTER_MALFORMED', `malformed manifest filter "${excerpt(item)}": ${why}`);
}

/** Error messages quote what was found, but never more than a short excerpt of a 1024-character query. */
function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
