import { base64FromBytes } from '../bytes/base64.ts';
import { MediaError } from '../errors/MediaError.ts';
import type { PlayReadyHeader } from './PlayReadyHeader.ts';
import { toGuidByteOrder } from './toGuidByteOrder.ts';

/** PlayReady Object record type 1: a Rights Management Header (the WRMHEADER XML). */
const RIGHTS_MANAGEMENT_HEADER = 1;
const NAMESPACE = 'http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader';

/**
 * A PlayReady Object (PRO, PlayReady Header Specification "PlayReady
 * Object"): a little-endian u32 total length, a u16 record count, then one
 * record (u16 type 1, u16 length) holding the WRMHEADER as UTF-16LE XML.
 * The same bytes go in the PlayReady `pssh` data, the MPD's `mspr:pro` and
 * the Smooth `ProtectionHeader`.
 *
 * - AES-CTR (`cenc`, Smooth/PIFF): WRMHEADER **v4.0.0.0**, which every
 *   PlayReady client reads (and the only one Smooth clients and dash.js's
 *   Smooth support parse: they read `DATA/KID`): `PROTECTINFO` (KEYLEN 16,
 *   ALGID AESCTR), `KID`, `CHECKSUM`, `LA_URL`.
 * - AES-CBC (`cbcs`): v4.0 has no way to say CBC, so **v4.3.0.0**:
 *   `PROTECTINFO/KIDS/KID` with `ALGID="AESCBC"` and `VALUE`, and `LA_URL`
 *   (CBC keys have no checksum).
 *
 * The KID is base64 of the key ID in GUID byte order (`toGuidByteOrder`).
 */
export function writePlayReadyObject(header: PlayReadyHeader): Uint8Array {
  if (header.kid.byteLength !== 16) throw new MediaError('MALFORMED', `PlayReady header: expected a 16-byte key ID, found ${header.kid.byteLength} bytes`);
  if (header.checksum !== undefined && header.checksum.byteLength !== 8) throw new MediaError('MALFORMED', `PlayReady header: expected an 8-byte checksum, found ${header.checksum.byteLength} bytes`);
  const kid = base64FromBytes(toGuidByteOrder(header.kid));
  const laUrl = header.licenseUrl !== undefined ? `<LA_URL>${escapeXml(header.licenseUrl)}</LA_URL>` : '';
  const xml =
    header.scheme === 'cenc'
      ? `<WRMHEADER xmlns="${NAMESPACE}" version="4.0.0.0"><DATA><PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>${kid}</KID>` +
        `${header.checksum ? `<CHECKSUM>${base64FromBytes(header.checksum)}</CHECKSUM>` : ''}${laUrl}</DATA></WRMHEADER>`
      : `<WRMHEADER xmlns="${NAMESPACE}" version="4.3.0.0"><DATA><PROTECTINFO><KIDS><KID ALGID="AESCBC" VALUE="${kid}"></KID></KIDS></PROTECTINFO>${laUrl}</DATA></WRMHEADER>`;
  const recordLength = xml.length * 2;
  if (recordLength > 0xffff) throw new MediaError('MALFORMED', `PlayReady header: the WRMHEADER is ${recordLength} bytes, over the 65535 a record holds`);
  const out = new Uint8Array(10 + recordLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, out.byteLength, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, RIGHTS_MANAGEMENT_HEADER, true);
  view.setUint16(8, recordLength, true);
  for (let i = 0; i < xml.length; i++) view.setUint16(10 + 2 * i, xml.charCodeAt(i), true);
  return out;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
