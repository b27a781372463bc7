import { bytesFromBase64 } from '../bytes/base64.ts';
import { MediaError } from '../errors/MediaError.ts';
import { toGuidByteOrder } from './toGuidByteOrder.ts';

/**
 * Reads a PlayReady Object (PlayReady Header Specification) enough to check
 * it: the length and record structure must be exact, there must be a Rights
 * Management Header record (type 1), and its WRMHEADER must name at least
 * one key ID. Returns the WRMHEADER text, its key IDs (back in UUID byte
 * order), its version and LA_URL. Throws MALFORMED otherwise.
 *
 * Key IDs are found as `<KID>base64</KID>` (v4.0) and `<KID ... VALUE="base64">`
 * (v4.1 and later), which is all a key exchange needs to compare them with
 * the keys it asked for; this is not a general WRMHEADER parser.
 */
export function readPlayReadyObject(bytes: Uint8Array): { wrmHeader: string; version?: string; kids: Uint8Array[]; licenseUrl?: string } {
  if (bytes.byteLength < 10) throw new MediaError('MALFORMED', `PlayReady Object: ${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (length !== bytes.byteLength) throw new MediaError('MALFORMED', `PlayReady Object: its length field says ${length} bytes, found ${bytes.byteLength}`);
  const count = view.getUint16(4, true);
  let at = 6;
  let wrmHeader: string | undefined;
  for (let r = 0; r < count; r++) {
    if (at + 4 > bytes.byteLength) throw new MediaError('MALFORMED', `PlayReady Object: record ${r + 1} of ${count} starts past the end`);
    const type = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (at + 4 + size > bytes.byteLength) throw new MediaError('MALFORMED', `PlayReady Object: record ${r + 1} (${size} bytes) runs past the end`);
    if (type === 1 && wrmHeader === undefined) {
      if (size % 2 !== 0) throw new MediaError('MALFORMED', 'PlayReady Object: the WRMHEADER record is not UTF-16 (odd length)');
      let text = '';
      for (let i = 0; i < size; i += 2) text += String.fromCharCode(view.getUint16(at + 4 + i, true));
      wrmHeader = text;
    }
    at += 4 + size;
  }
  if (at !== bytes.byteLength) throw new MediaError('MALFORMED', `PlayReady Object: ${bytes.byteLength - at} bytes after its ${count} records`);
  if (wrmHeader === undefined) throw new MediaError('MALFORMED', 'PlayReady Object: no Rights Management Header record (type 1)');
  if (!/^\uFEFF?<WRMHEADER[\s>]/.test(wrmHeader)) throw new MediaError('MALFORMED', `PlayReady Object: the type 1 record is not a WRMHEADER ("${wrmHeader.slice(0, 40)}")`);
  const encoded = [...wrmHeader.matchAll(/<KID>([^<]*)<\/KID>/g), ...wrmHeader.matchAll(/<KID\b[^>]*\bVALUE="([^"]*)"/g)].map((m) => m[1].trim());
  const kids = encoded.map((text) => {
    const guid = /^[A-Za-z0-9+/]{22}==$/.test(text) ? bytesFromBase64(text) : undefined;
    if (!guid || guid.byteLength !== 16) throw new MediaError('MALFORMED', `PlayReady Object: KID "${text}" is not base64 of 16 bytes`);
    return toGuidByteOrder(guid);
  });
  if (kids.length === 0) throw new MediaError('MALFORMED', 'PlayReady Object: the WRMHEADER names no KID');
  const version = /<WRMHEADER\b[^>]*\bversion="([^"]+)"/.exec(wrmHeader)?.[1];
  const licenseUrl = /<LA_URL>([^<]*)<\/LA_URL>/.exec(wrmHeader)?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return { wrmHeader, version, kids, licenseUrl };
}
