import type { Pssh } from '../media/isobmff/boxes/pssh.ts';
import { bytesFromHex } from '../media/cenc/bytesFromHex.ts';
import { systemIds } from '../media/cenc/systemIds.ts';
import { writeWidevinePsshData } from '../media/cenc/writeWidevinePsshData.ts';
import { writePlayReadyObject } from '../media/cenc/writePlayReadyObject.ts';
import { computePlayReadyChecksum } from '../media/cenc/computePlayReadyChecksum.ts';
import { NodeBlockCipher } from '../crypto/NodeBlockCipher.ts';
import type { DrmSignalling } from './DrmSignalling.ts';
import type { KeyRequest } from './KeyRequest.ts';

/**
 * What Kinora signals for one key of its own (the built-in store, and the
 * built-in SPEKE server's answers): the W3C common `pssh` (KIDs only) for
 * ClearKey, Widevine's `pssh` data (`writeWidevinePsshData`), and a
 * PlayReady Header Object (v4.0 with the AES-CTR checksum for `cenc`, v4.3
 * for `cbcs`, `licenseUrl` as its LA_URL) both as the PlayReady `pssh` data
 * and as the header DASH and Smooth manifests carry. HLS AES-128 and
 * FairPlay need no `pssh`.
 */
export function builtinSignalling(request: Pick<KeyRequest, 'systemIds' | 'scheme'>, kid: Uint8Array, key: Uint8Array, playReadyLicenseUrl?: string): { pssh: Pssh[]; drm: DrmSignalling[] } {
  const ids = new Set(request.systemIds.map((id) => id.toLowerCase()));
  const pssh: Pssh[] = [];
  const drm: DrmSignalling[] = [];
  if (request.scheme === 'aes-128') return { pssh, drm };
  const scheme = request.scheme;
  if (ids.has(systemIds.common) || ids.has(systemIds.clearKey)) pssh.push({ version: 1, systemId: bytesFromHex(systemIds.common), kids: [kid], data: new Uint8Array(0) });
  if (ids.has(systemIds.widevine)) pssh.push({ version: 0, systemId: bytesFromHex(systemIds.widevine), kids: [], data: writeWidevinePsshData([kid], scheme) });
  if (ids.has(systemIds.playReady)) {
    const pro = writePlayReadyObject({ kid, scheme, checksum: scheme === 'cenc' ? computePlayReadyChecksum(kid, key, NodeBlockCipher) : undefined, licenseUrl: playReadyLicenseUrl });
    pssh.push({ version: 0, systemId: bytesFromHex(systemIds.playReady), kids: [], data: pro });
    drm.push({ systemId: systemIds.playReady, playReadyObject: pro });
  }
  return { pssh, drm };
}
