import { MediaError } from '../errors/MediaError.ts';

/** Every encrypted request normalises its configuration's few system IDs: the answers are kept (bounded). */
const SEEN_MAX = 256;
const seen = new Map<string, string>();

/**
 * A DRM system ID in the form Kinora compares them in: lower case, dashed
 * `8-4-4-4-12` (MediaPackage accepts them with or without dashes, in
 * either case).
 */
export function normaliseSystemId(id: string): string {
  let normalised = seen.get(id);
  if (normalised === undefined) {
    const hex = id.replace(/-/g, '').toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(hex)) throw new MediaError('MALFORMED', `"${id}" is not a DRM system ID (a UUID)`);
    normalised = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(id, normalised);
  }
  return normalised;
}
