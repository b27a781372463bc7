import { KinoraError } from '../../errors/KinoraError.ts';
import { bytesFromHex } from '../../media/cenc/bytesFromHex.ts';
import { computePlayReadyChecksum } from '../../media/cenc/computePlayReadyChecksum.ts';
import { hexFromBytes } from '../../media/cenc/hexFromBytes.ts';
import { normaliseSystemId } from '../../media/cenc/normaliseSystemId.ts';
import type { ProtectionScheme } from '../../media/cenc/ProtectionScheme.ts';
import { systemIds as known } from '../../media/cenc/systemIds.ts';
import { writePlayReadyObject } from '../../media/cenc/writePlayReadyObject.ts';
import { writeWidevinePsshData } from '../../media/cenc/writeWidevinePsshData.ts';
import { psshBytes, type Pssh } from '../../media/isobmff/boxes/pssh.ts';
import { NodeBlockCipher } from '../../crypto/NodeBlockCipher.ts';
import { childElements } from './xml/childElements.ts';
import { newXmlElement } from './xml/newXmlElement.ts';
import { readXml } from './xml/readXml.ts';
import type { XmlElement } from './xml/XmlElement.ts';
import { XmlError } from './xml/XmlError.ts';
import { writeXml } from './xml/writeXml.ts';
import { cpixNamespaces } from './cpixNamespaces.ts';

const { cpix: CPIX, pskc: PSKC } = cpixNamespaces;
const SUPPORTED = new Set<string>([known.common, known.clearKey, known.aes128, known.widevine, known.playReady, known.fairPlay]);
const SCHEMES = new Set(['cenc', 'cbcs']);
const FAIRPLAY_KEYFORMAT = 'com.apple.streamingkeydelivery';
const PLAYREADY_KEYFORMAT = 'com.microsoft.playready';

/**
 * The built-in SPEKE server's answer to one CPIX request (SPEKE API v1 /
 * v2, as a key provider): the request document, filled in.
 *
 * - Checks, answered 422 (INVALID_REQUEST) with MediaPackage's messages:
 *   v1 needs `CPIX@id`; v2 `CPIX@contentId`, `CPIX@version="2.3"`, and one
 *   `commonEncryptionScheme` (`cenc` or `cbcs`) on every `ContentKey`. Key
 *   IDs are UUIDs, each `DRMSystem` names a listed key and a system this
 *   server serves; encrypted key delivery (`DeliveryDataList`) is refused.
 * - Every `ContentKey` gets `Data/pskc:Secret/pskc:PlainValue` with the key
 *   `keyOf(contentId, kid)` gives (the same key for the same content and
 *   KID, always).
 * - Every element a `DRMSystem` asks is filled when the system has a value
 *   for it: `PSSH` (W3C common for ClearKey, Widevine, PlayReady),
 *   `speke:ProtectionHeader` / `SmoothStreamingProtectionHeaderData`
 *   (PlayReady Object: v4.0 AES-CTR with checksum, or v4.3 AES-CBC for
 *   `cbcs`, with `playReadyLicenseUrl` as LA_URL), `ContentProtectionData`
 *   (the MPD's `pssh` and `pro` elements), `URIExtXKey` with
 *   `speke:KeyFormat`/`KeyFormatVersions` and `HLSSignalingData` (FairPlay
 *   `skd://<kid>`; PlayReady's UTF-16 data URI). HLS AES-128 and ClearKey
 *   keys are delivered by Kinora's origin (token-protected key URI,
 *   ClearKey license), so their `URIExtXKey` stays empty and a Kinora
 *   client uses its own key URI.
 * - Everything else (usage rules, key periods) is echoed as sent.
 */
export async function answerCpixRequest(
  text: string,
  options: { version: 1 | 2; keyOf(contentId: string, kid: Uint8Array): Promise<Uint8Array>; playReadyLicenseUrl?: string },
): Promise<string> {
  let root: XmlElement;
  try {
    root = readXml(text, { maxChars: 1 << 20 });
  } catch (e) {
    if (e instanceof XmlError) throw invalid(`the body is not a well-formed, DTD-free XML document: ${e.message}`);
    throw e;
  }
  if (root.namespace !== CPIX || root.localName !== 'CPIX') throw invalid(`the root element is <${root.name}>, expected cpix:CPIX in ${CPIX}`);
  const v2 = options.version === 2;
  const contentId = v2 ? root.attributes.contentId : root.attributes.id;
  if (!contentId) throw invalid(v2 ? 'Missing CPIX@contentId' : 'Missing CPIX@id');
  if (contentId.length > 256 || /[\u0000-\u001f]/.test(contentId)) throw invalid('CPIX content ID must be at most 256 printable characters');
  if (v2) {
    if (root.attributes.version === undefined) throw invalid('Missing CPIX@version');
    if (root.attributes.version !== '2.3') throw invalid('Unsupported CPIX@version');
  }
  if (childElements(root, CPIX, 'DeliveryDataList').length > 0) throw invalid('encrypted content keys (DeliveryDataList) are not supported: this server answers clear keys over TLS');

  const lists = childElements(root, CPIX, 'ContentKeyList');
  if (lists.length !== 1) throw invalid(`expected one cpix:ContentKeyList, found ${lists.length}`);
  const contentKeys = childElements(lists[0], CPIX, 'ContentKey');
  if (contentKeys.length === 0 || contentKeys.length > 64) throw invalid(`expected 1 to 64 content keys, found ${contentKeys.length}`);
  const keys = new Map<string, Uint8Array>();
  let scheme: ProtectionScheme | undefined;
  for (const element of contentKeys) {
    const kid = uuid(element.attributes.kid, 'ContentKey@kid');
    if (keys.has(hexFromBytes(kid))) throw invalid(`ContentKey ${element.attributes.kid} is listed twice`);
    if (v2) {
      const given = element.attributes.commonEncryptionScheme;
      if (given === undefined) throw invalid(`Missing ContentKey@commonEncryptionScheme for KID ${element.attributes.kid}`);
      if (!SCHEMES.has(given) || (scheme !== undefined && scheme !== given)) throw invalid('Non compliant ContentKey@commonEncryptionScheme combination');
      scheme = given as ProtectionScheme;
    }
    const key = await options.keyOf(contentId, kid);
    keys.set(hexFromBytes(kid), key);
    element.children = [
      ...element.children.filter((c) => typeof c !== 'string' && !(c.namespace === CPIX && c.localName === 'Data')),
      newXmlElement(`${prefixOf(root, CPIX, 'cpix')}Data`, CPIX, {}, [
        newXmlElement(`${prefixOf(root, PSKC, 'pskc')}Secret`, PSKC, {}, [newXmlElement(`${prefixOf(root, PSKC, 'pskc')}PlainValue`, PSKC, {}, [Buffer.from(key).toString('base64')])]),
      ]),
    ];
  }
  if (!root.attributes['xmlns:pskc'] && prefixOf(root, PSKC, 'pskc') === 'pskc:') root.attributes['xmlns:pskc'] = PSKC;

  for (const list of childElements(root, CPIX, 'DRMSystemList')) {
    for (const system of childElements(list, CPIX, 'DRMSystem')) {
      const kid = uuid(system.attributes.kid, 'DRMSystem@kid');
      const key = keys.get(hexFromBytes(kid));
      if (!key) throw invalid(`DRMSystem names key ${system.attributes.kid}, which is not in the ContentKeyList`);
      let systemId: string;
      try {
        systemId = normaliseSystemId(system.attributes.systemId ?? '');
      } catch {
        throw invalid(`DRMSystem@systemId ${JSON.stringify(system.attributes.systemId ?? null)} is not a UUID`);
      }
      if (!SUPPORTED.has(systemId)) throw invalid(`Unsupported DRMSystem@systemId ${systemId}; this server serves ${[...SUPPORTED].join(', ')}`);
      const values = valuesFor(systemId, kid, key, scheme, options.playReadyLicenseUrl);
      for (const child of system.children) {
        if (typeof child === 'string') continue;
        const value = child.localName === 'HLSSignalingData' ? values[`HLSSignalingData.${child.attributes.playlist ?? 'media'}`] : values[child.localName];
        child.children = value === undefined ? [] : [value];
      }
    }
  }
  return writeXml(root, { indent: '  ' });
}

/** Base64 text of every element a DRMSystem may ask, for one system and key. */
function valuesFor(systemId: string, kid: Uint8Array, key: Uint8Array, scheme: ProtectionScheme | undefined, playReadyLicenseUrl: string | undefined): Record<string, string | undefined> {
  const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
  const kidHex = hexFromBytes(kid);
  const mpdPssh = (box: Pssh) => `<pssh xmlns="${cpixNamespaces.cenc}">${b64(psshBytes(box))}</pssh>`;
  switch (systemId) {
    case known.common:
    case known.clearKey: {
      const box: Pssh = { version: 1, systemId: bytesFromHex(known.common), kids: [kid], data: new Uint8Array(0) };
      return { PSSH: b64(psshBytes(box)), ContentProtectionData: b64(mpdPssh(box)) };
    }
    case known.widevine: {
      const box: Pssh = { version: 0, systemId: bytesFromHex(known.widevine), kids: [], data: writeWidevinePsshData([kid], scheme) };
      return { PSSH: b64(psshBytes(box)), ContentProtectionData: b64(mpdPssh(box)) };
    }
    case known.playReady: {
      const cbcs = scheme === 'cbcs';
      const pro = writePlayReadyObject({ kid, scheme: cbcs ? 'cbcs' : 'cenc', checksum: cbcs ? undefined : computePlayReadyChecksum(kid, key, NodeBlockCipher), licenseUrl: playReadyLicenseUrl });
      const box: Pssh = { version: 0, systemId: bytesFromHex(known.playReady), kids: [], data: pro };
      const dataUri = `data:text/plain;charset=UTF-16;base64,${b64(pro)}`;
      return {
        PSSH: b64(psshBytes(box)),
        ProtectionHeader: b64(pro),
        SmoothStreamingProtectionHeaderData: b64(pro),
        ContentProtectionData: b64(`<pro xmlns="${cpixNamespaces.mspr}">${b64(pro)}</pro>${mpdPssh(box)}`),
        'HLSSignalingData.media': b64(`#EXT-X-KEY:METHOD=SAMPLE-AES,URI="${dataUri}",KEYFORMAT="${PLAYREADY_KEYFORMAT}",KEYFORMATVERSIONS="1"`),
        'HLSSignalingData.master': b64(`#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="${dataUri}",KEYFORMAT="${PLAYREADY_KEYFORMAT}",KEYFORMATVERSIONS="1"`),
      };
    }
    case known.fairPlay: {
      const tag = `METHOD=SAMPLE-AES,URI="skd://${kidHex}",KEYFORMAT="${FAIRPLAY_KEYFORMAT}",KEYFORMATVERSIONS="1"`;
      return {
        URIExtXKey: b64(`skd://${kidHex}`),
        KeyFormat: b64(FAIRPLAY_KEYFORMAT),
        KeyFormatVersions: b64('1'),
        'HLSSignalingData.media': b64(`#EXT-X-KEY:${tag}`),
        'HLSSignalingData.master': b64(`#EXT-X-SESSION-KEY:${tag}`),
      };
    }
    default:
      // HLS AES-128: Kinora's origin serves the key itself (the identity key format).
      return { KeyFormat: b64('identity'), KeyFormatVersions: b64('1') };
  }
}

/** The prefix (with its colon) the document binds to `namespace` on its root, else `fallback:`. */
function prefixOf(root: XmlElement, namespace: string, fallback: string): string {
  for (const [name, value] of Object.entries(root.attributes)) {
    if (value !== namespace) continue;
    if (name === 'xmlns') return '';
    if (name.startsWith('xmlns:')) return `${name.slice(6)}:`;
  }
  return `${fallback}:`;
}

function uuid(text: string | undefined, what: string): Uint8Array {
  if (text === undefined || !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) throw invalid(`${what} ${JSON.stringify(text ?? null)} is not a UUID`);
  return bytesFromHex(text, 16);
}

function invalid(message: string): KinoraError {
  return new KinoraError('INVALID_REQUEST', message);
}
