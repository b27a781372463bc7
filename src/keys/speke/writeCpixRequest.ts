import { systemIds as knownSystems } from '../../media/cenc/systemIds.ts';
import { uuidFromBytes } from '../../media/cenc/uuidFromBytes.ts';
import type { XmlElement } from './xml/XmlElement.ts';
import { newXmlElement } from './xml/newXmlElement.ts';
import { writeXml } from './xml/writeXml.ts';
import type { CpixRequest } from './CpixRequest.ts';
import { cpixNamespaces } from './cpixNamespaces.ts';

const { cpix: CPIX, speke: SPEKE } = cpixNamespaces;
const HLS_SYSTEMS = new Set<string>([knownSystems.aes128, knownSystems.fairPlay]);

/**
 * The CPIX document of a SPEKE request, as MediaPackage sends it:
 *
 * - **SPEKE v1** (CPIX 2.0, SPEKE API v1 "VOD workflow method call
 *   examples"): `CPIX@id` = content ID, one `ContentKey` per key ID, and per
 *   key and system a `DRMSystem` asking what that system needs: HLS systems
 *   (AES-128, FairPlay) `URIExtXKey` with `speke:KeyFormat` and
 *   `speke:KeyFormatVersions`; PlayReady `speke:ProtectionHeader` (the
 *   Smooth header) and `PSSH`; every other system `PSSH`.
 * - **SPEKE v2** (CPIX 2.3, SPEKE API v2 "Standard payload components"):
 *   `CPIX@contentId` and `@version="2.3"`, `ContentKey@commonEncryptionScheme`,
 *   per key and system `PSSH`, `ContentProtectionData` and
 *   `HLSSignalingData` for the media and the master playlist (FairPlay and
 *   AES-128: the HLS ones only), and the encryption contract: one
 *   `ContentKeyUsageRule` per key with its `intendedTrackType` and its
 *   `VideoFilter`/`AudioFilter` (SPEKE API v2 "Encryption contract"). VOD
 *   has no key periods, so no `ContentKeyPeriodList`.
 *
 * Key IDs are UUIDs (`8-4-4-4-12`). Written with two-space indentation.
 */
export function writeCpixRequest(request: CpixRequest): string {
  const v2 = request.version === 2;
  const keys = request.keys.map((k) => newXmlElement('cpix:ContentKey', CPIX, { kid: uuidFromBytes(k.kid), commonEncryptionScheme: v2 && request.scheme !== 'aes-128' ? request.scheme : undefined }));
  const systems: XmlElement[] = [];
  for (const k of request.keys) {
    for (const systemId of request.systemIds) systems.push(newXmlElement('cpix:DRMSystem', CPIX, { kid: uuidFromBytes(k.kid), systemId }, v2 ? v2Asks(systemId) : v1Asks(systemId)));
  }
  const children = [newXmlElement('cpix:ContentKeyList', CPIX, {}, keys), newXmlElement('cpix:DRMSystemList', CPIX, {}, systems)];
  if (v2) {
    const rules = request.keys.map((k) => {
      const filters: XmlElement[] = [];
      if (k.rule.video) filters.push(newXmlElement('cpix:VideoFilter', CPIX, { minPixels: numberText(k.rule.video.minPixels), maxPixels: numberText(k.rule.video.maxPixels) }));
      if (k.rule.audio) filters.push(newXmlElement('cpix:AudioFilter', CPIX, { minChannels: numberText(k.rule.audio.minChannels), maxChannels: numberText(k.rule.audio.maxChannels) }));
      return newXmlElement('cpix:ContentKeyUsageRule', CPIX, { kid: uuidFromBytes(k.kid), intendedTrackType: k.rule.intendedTrackType }, filters);
    });
    children.push(newXmlElement('cpix:ContentKeyUsageRuleList', CPIX, {}, rules));
  }
  const root = newXmlElement(
    'cpix:CPIX',
    CPIX,
    v2
      ? { contentId: request.contentId, version: '2.3', 'xmlns:cpix': CPIX, 'xmlns:pskc': cpixNamespaces.pskc }
      : { id: request.contentId, 'xmlns:cpix': CPIX, 'xmlns:pskc': cpixNamespaces.pskc, 'xmlns:speke': SPEKE },
    children,
  );
  return writeXml(root, { indent: '  ' });
}

function v1Asks(systemId: string): XmlElement[] {
  if (HLS_SYSTEMS.has(systemId)) return [newXmlElement('cpix:URIExtXKey', CPIX), newXmlElement('speke:KeyFormat', SPEKE), newXmlElement('speke:KeyFormatVersions', SPEKE)];
  if (systemId === knownSystems.playReady) return [newXmlElement('speke:ProtectionHeader', SPEKE), newXmlElement('cpix:PSSH', CPIX)];
  return [newXmlElement('cpix:PSSH', CPIX)];
}

function v2Asks(systemId: string): XmlElement[] {
  const hls = [newXmlElement('cpix:HLSSignalingData', CPIX, { playlist: 'media' }), newXmlElement('cpix:HLSSignalingData', CPIX, { playlist: 'master' })];
  if (HLS_SYSTEMS.has(systemId)) return hls;
  return [newXmlElement('cpix:PSSH', CPIX), newXmlElement('cpix:ContentProtectionData', CPIX), ...hls];
}

function numberText(n: number | undefined): string | undefined {
  return n === undefined ? undefined : String(n);
}
