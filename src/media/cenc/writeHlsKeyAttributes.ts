import { quotedString } from '../hls/quotedString.ts';
import type { HlsKey } from './HlsKey.ts';
import { hexFromBytes } from './hexFromBytes.ts';

/** The attribute list of an `EXT-X-KEY` or `EXT-X-SESSION-KEY` (RFC 8216 4.3.2.4): METHOD, URI, IV as 0x-hex, KEYFORMAT, KEYFORMATVERSIONS. */
export function writeHlsKeyAttributes(key: HlsKey): string {
  const attributes = [`METHOD=${key.method}`, `URI=${quotedString(key.uri)}`];
  if (key.iv) attributes.push(`IV=0x${hexFromBytes(key.iv).toUpperCase()}`);
  if (key.keyFormat) attributes.push(`KEYFORMAT=${quotedString(key.keyFormat)}`);
  if (key.keyFormatVersions) attributes.push(`KEYFORMATVERSIONS=${quotedString(key.keyFormatVersions)}`);
  return attributes.join(',');
}
