import { MediaError } from '../errors/MediaError.ts';

/**
 * A DRM system ID in the form Kinora compares them in: lower case, dashed
 * `8-4-4-4-12` (MediaPackage accepts them with or without dashes, in
 * either case).
 */
export function normaliseSystemId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new MediaError('MALFORMED', `"${id}" is not a DRM system ID (a UUID)`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
