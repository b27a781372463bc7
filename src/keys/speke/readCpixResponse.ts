import { KinoraError } from '../../errors/KinoraError.ts';
import { bytesFromHex } from '../../media/cenc/bytesFromHex.ts';
import { hexFromBytes } from '../../media/cenc/hexFromBytes.ts';
import { normaliseSystemId } from '../../media/cenc/normaliseSystemId.ts';
import { readPlayReadyObject } from '../../media/cenc/readPlayReadyObject.ts';
import { systemIds as knownSystems } from '../../media/cenc/systemIds.ts';
import { uuidFromBytes } from '../../media/cenc/uuidFromBytes.ts';
import { readAttributeList } from '../../media/hls/readAttributeList.ts';
import { iterateBoxes } from '../../media/isobmff/iterateBoxes.ts';
import { readPssh, type Pssh } from '../../media/isobmff/boxes/pssh.ts';
import type { ContentKey } from '../ContentKey.ts';
import type { DrmSignalling } from '../DrmSignalling.ts';
import { childElements } from './xml/childElements.ts';
import { readXml } from './xml/readXml.ts';
import { textContent } from './xml/textContent.ts';
import type { XmlElement } from './xml/XmlElement.ts';
import { XmlError } from './xml/XmlError.ts';
import type { CpixRequest } from './CpixRequest.ts';
import { cpixNamespaces } from './cpixNamespaces.ts';

const { cpix: CPIX, pskc: PSKC, speke: SPEKE } = cpixNamespaces;
/** A key exchange document is a few KB; anything near this is not one. */
const MAX_DOCUMENT_CHARS = 1 << 20;

/**
 * Reads and checks a SPEKE server's CPIX answer to `request`, returning one
 * `ContentKey` per requested key, in request order. Nothing in it is
 * trusted until checked, and any doubt refuses the whole answer
 * (KEY_PROVIDER_ERROR): a half-understood answer could mean clear or
 * wrongly keyed output.
 *
 * - Parsed by `readXml` (no DTD, no entities, bounded), root `cpix:CPIX`;
 *   v1 echoes `@id`, v2 `@contentId` and `@version="2.3"`.
 * - `ContentKeyList`: exactly as many keys as asked; each key's
 *   `Data/pskc:Secret/pskc:PlainValue` is base64 of exactly 16 bytes;
 *   an `EncryptedValue` (content key encryption, which Kinora does not ask
 *   for) or a `DeliveryDataList` is refused; `@explicitIV`, when given, is
 *   16 bytes; v2 `@commonEncryptionScheme`, when given, is the one asked.
 * - Key IDs: the server's answer keeps each asked KID, or overrides it
 *   (SPEKE API v1 "Overriding the key identifier"): an override is
 *   matched to the asked key through its `ContentKeyUsageRule@intendedTrackType`,
 *   or, for a single key, by being the only one.
 * - `DRMSystemList`: one `DRMSystem` for every asked key and system, no
 *   more. `PSSH` must be a whole `pssh` box of that system (ClearKey may
 *   answer with the W3C common one). What each system cannot do without:
 *   Widevine a `PSSH`; PlayReady a PlayReady header (`speke:ProtectionHeader`,
 *   `mspr:pro` in `ContentProtectionData`, `SmoothStreamingProtectionHeaderData`
 *   or the `PSSH` data) naming the key's KID; FairPlay a key URI
 *   (`URIExtXKey` or the media `HLSSignalingData`). ClearKey and HLS
 *   AES-128 need nothing: Kinora delivers those keys itself.
 * - Base64 text may be wrapped over lines; text fields are UTF-8.
 */
export function readCpixResponse(text: string, request: CpixRequest): ContentKey[] {
  let root: XmlElement;
  try {
    root = readXml(text, { maxChars: MAX_DOCUMENT_CHARS });
  } catch (e) {
    if (e instanceof XmlError) throw invalid(`not a well-formed, DTD-free XML document: ${e.message}`);
    throw e;
  }
  if (root.namespace !== CPIX || root.localName !== 'CPIX') throw invalid(`the root element is <${root.name}> in namespace "${root.namespace}", expected cpix:CPIX in ${CPIX}`);
  const v2 = request.version === 2;
  const contentId = v2 ? root.attributes.contentId : root.attributes.id;
  if (contentId !== undefined && contentId !== request.contentId) throw invalid(`it is for content ${JSON.stringify(contentId)}, not ${JSON.stringify(request.contentId)}`);
  if (v2 && root.attributes.version !== '2.3') throw invalid(`CPIX@version is ${JSON.stringify(root.attributes.version ?? null)}, expected "2.3" (SPEKE v2)`);
  if (childElements(root, CPIX, 'DeliveryDataList').length > 0) throw invalid('it has a DeliveryDataList (encrypted content keys), which Kinora never asks for');

  const keyElements = childElements(only(root, 'ContentKeyList'), CPIX, 'ContentKey');
  if (keyElements.length !== request.keys.length) throw invalid(`it has ${keyElements.length} ContentKey element(s), expected ${request.keys.length} (one per key asked)`);
  const answered = keyElements.map((element) => readContentKey(element, request));
  const byAsked = matchKeys(root, answered, request);

  const drm = new Map<string, Map<string, { pssh?: Pssh; signalling: DrmSignalling }>>();
  for (const key of answered) drm.set(hexFromBytes(key.kid), new Map());
  for (const element of childElements(only(root, 'DRMSystemList'), CPIX, 'DRMSystem')) {
    const kid = uuidAttribute(element, 'kid', 'DRMSystem@kid');
    let systemId: string;
    try {
      systemId = normaliseSystemId(element.attributes.systemId ?? '');
    } catch {
      throw invalid(`DRMSystem@systemId ${JSON.stringify(element.attributes.systemId ?? null)} is not a UUID`);
    }
    const ofKey = drm.get(hexFromBytes(kid));
    if (!ofKey) throw invalid(`a DRMSystem names key ${uuidFromBytes(kid)}, which is not one of its ContentKeys`);
    if (!request.systemIds.includes(systemId)) throw invalid(`a DRMSystem answers system ${systemId}, which was not asked`);
    if (ofKey.has(systemId)) throw invalid(`two DRMSystem elements answer system ${systemId} for key ${uuidFromBytes(kid)}`);
    ofKey.set(systemId, readDrmSystem(element, systemId, kid));
  }

  return byAsked.map((key) => {
    const ofKey = drm.get(hexFromBytes(key.kid))!;
    const pssh: Pssh[] = [];
    const signalling: DrmSignalling[] = [];
    for (const systemId of request.systemIds) {
      const answer = ofKey.get(systemId);
      if (!answer) throw invalid(`no DRMSystem answers system ${systemId} for key ${uuidFromBytes(key.kid)}`);
      requireWhatTheSystemNeeds(systemId, answer, key.kid, request);
      if (answer.pssh) pssh.push(answer.pssh);
      if (answer.signalling.playReadyObject || answer.signalling.hls) signalling.push(answer.signalling);
    }
    return { ...key, pssh, drm: signalling };
  });
}

function readContentKey(element: XmlElement, request: CpixRequest): ContentKey {
  const kid = uuidAttribute(element, 'kid', 'ContentKey@kid');
  const where = `ContentKey ${uuidFromBytes(kid)}`;
  const scheme = element.attributes.commonEncryptionScheme;
  if (request.version === 2 && scheme !== undefined && scheme !== request.scheme) throw invalid(`${where} has commonEncryptionScheme "${scheme}", expected "${request.scheme}"`);
  const data = childElements(element, CPIX, 'Data');
  if (data.length !== 1) throw invalid(`${where} has ${data.length} Data elements, expected 1 holding the key`);
  const secrets = childElements(data[0], PSKC, 'Secret');
  if (secrets.length !== 1) throw invalid(`${where} has ${secrets.length} pskc:Secret elements, expected 1`);
  if (childElements(secrets[0], PSKC, 'EncryptedValue').length > 0) throw invalid(`${where} is encrypted (pskc:EncryptedValue); Kinora asks for clear keys over TLS, as MediaPackage VOD does`);
  const plain = childElements(secrets[0], PSKC, 'PlainValue');
  if (plain.length !== 1) throw invalid(`${where} has ${plain.length} pskc:PlainValue elements, expected 1`);
  const key = base64(textContent(plain[0]), `${where} pskc:PlainValue`);
  if (key.byteLength !== 16) throw invalid(`${where} is a ${key.byteLength}-byte key, expected a 16-byte AES-128 key`);
  const ivText = element.attributes.explicitIV;
  const iv = ivText === undefined ? undefined : base64(ivText, `${where} @explicitIV`);
  if (iv && iv.byteLength !== 16) throw invalid(`${where} has a ${iv.byteLength}-byte explicitIV, expected 16 bytes`);
  return { kid, key, ...(iv ? { iv } : {}), pssh: [] };
}

/** The answered keys in the order they were asked, overrides of the key ID resolved. */
function matchKeys(root: XmlElement, answered: ContentKey[], request: CpixRequest): ContentKey[] {
  const asked = request.keys.map((k) => hexFromBytes(k.kid));
  const seen = new Set<string>();
  for (const key of answered) {
    const hex = hexFromBytes(key.kid);
    if (seen.has(hex)) throw invalid(`key ${uuidFromBytes(key.kid)} is answered twice`);
    seen.add(hex);
  }
  const result: (ContentKey | undefined)[] = asked.map((hex) => answered.find((key) => hexFromBytes(key.kid) === hex));
  const extra = answered.filter((key) => !asked.includes(hexFromBytes(key.kid)));
  if (extra.length === 0) return result as ContentKey[];
  if (asked.length === 1) return extra;
  // Several keys, some overridden: the answer's usage rules say which track type each new KID is for.
  const rules = childElements(root, CPIX, 'ContentKeyUsageRuleList').flatMap((list) => childElements(list, CPIX, 'ContentKeyUsageRule'));
  for (const key of extra) {
    const rule = rules.find((r) => r.attributes.kid !== undefined && sameUuid(r.attributes.kid, key.kid));
    const index = rule ? request.keys.findIndex((k, i) => k.rule.intendedTrackType === rule.attributes.intendedTrackType && result[i] === undefined) : -1;
    if (index < 0) throw invalid(`key ${uuidFromBytes(key.kid)} was not asked for, and no ContentKeyUsageRule says which asked key it replaces`);
    result[index] = key;
  }
  return result as ContentKey[];
}

function readDrmSystem(element: XmlElement, systemId: string, kid: Uint8Array): { pssh?: Pssh; signalling: DrmSignalling } {
  const where = `DRMSystem ${systemId} of key ${uuidFromBytes(kid)}`;
  const signalling: DrmSignalling = { systemId };
  const field = (namespace: string, name: string, filter?: (e: XmlElement) => boolean): string | undefined => {
    const found = childElements(element, namespace, name).filter(filter ?? (() => true));
    if (found.length > 1) throw invalid(`${where} has ${found.length} ${name} elements`);
    const text = found.length === 1 ? textContent(found[0]).trim() : '';
    return text === '' ? undefined : text;
  };
  let pssh: Pssh | undefined;
  const psshText = field(CPIX, 'PSSH');
  if (psshText !== undefined) pssh = readPsshBox(base64(psshText, `${where} PSSH`), systemId, where);

  const pro = [field(SPEKE, 'ProtectionHeader'), field(CPIX, 'SmoothStreamingProtectionHeaderData')].find((t) => t !== undefined);
  if (pro !== undefined) signalling.playReadyObject = base64(pro, `${where} PlayReady header`);
  const contentProtectionData = field(CPIX, 'ContentProtectionData');
  if (contentProtectionData !== undefined) {
    const fromMpd = readContentProtectionData(utf8(base64(contentProtectionData, `${where} ContentProtectionData`), `${where} ContentProtectionData`), where);
    signalling.playReadyObject ??= fromMpd.pro;
    if (!pssh && fromMpd.pssh) pssh = readPsshBox(fromMpd.pssh, systemId, where);
  }

  const uri = field(CPIX, 'URIExtXKey');
  if (uri !== undefined) {
    const keyFormat = field(SPEKE, 'KeyFormat');
    const keyFormatVersions = field(SPEKE, 'KeyFormatVersions');
    signalling.hls = {
      uri: safeText(utf8(base64(uri, `${where} URIExtXKey`), `${where} URIExtXKey`), `${where} URIExtXKey`),
      ...(keyFormat !== undefined ? { keyFormat: safeText(utf8(base64(keyFormat, `${where} speke:KeyFormat`), where), `${where} speke:KeyFormat`) } : {}),
      ...(keyFormatVersions !== undefined ? { keyFormatVersions: safeText(utf8(base64(keyFormatVersions, `${where} speke:KeyFormatVersions`), where), `${where} speke:KeyFormatVersions`) } : {}),
    };
  }
  const media = field(CPIX, 'HLSSignalingData', (e) => (e.attributes.playlist ?? 'media') === 'media');
  if (media !== undefined && !signalling.hls) signalling.hls = readExtXKey(utf8(base64(media, `${where} HLSSignalingData`), `${where} HLSSignalingData`), where);
  if (signalling.playReadyObject) {
    if (systemId !== knownSystems.playReady) throw invalid(`${where} carries a PlayReady header, but the system is not PlayReady`);
    if (!pssh) pssh = { version: 0, systemId: bytesFromHex(systemId), kids: [], data: signalling.playReadyObject };
  } else if (systemId === knownSystems.playReady && pssh) {
    signalling.playReadyObject = pssh.data;
  }
  return { pssh, signalling };
}

function requireWhatTheSystemNeeds(systemId: string, answer: { pssh?: Pssh; signalling: DrmSignalling }, kid: Uint8Array, request: CpixRequest): void {
  const where = `DRMSystem ${systemId} of key ${uuidFromBytes(kid)}`;
  const fmp4 = request.scheme !== 'aes-128';
  if (systemId === knownSystems.playReady && fmp4) {
    const pro = answer.signalling.playReadyObject;
    if (!pro) throw invalid(`${where} has no PlayReady header (speke:ProtectionHeader, ContentProtectionData mspr:pro or PSSH)`);
    let kids: Uint8Array[];
    try {
      kids = readPlayReadyObject(pro).kids;
    } catch (e) {
      throw invalid(`${where}: ${(e as Error).message}`);
    }
    if (!kids.some((k) => hexFromBytes(k) === hexFromBytes(kid))) throw invalid(`${where}: the PlayReady header names key(s) ${kids.map(uuidFromBytes).join(', ')}, not ${uuidFromBytes(kid)}`);
  } else if (systemId === knownSystems.fairPlay) {
    if (!answer.signalling.hls) throw invalid(`${where} has no key URI (URIExtXKey or HLSSignalingData), which FairPlay players need`);
  } else if (fmp4 && systemId !== knownSystems.clearKey && systemId !== knownSystems.common && systemId !== knownSystems.aes128 && !answer.pssh) {
    throw invalid(`${where} has no PSSH`);
  }
}

/** A whole `pssh` box of `systemId` (ClearKey may be answered with the W3C common format). */
function readPsshBox(bytes: Uint8Array, systemId: string, where: string): Pssh {
  let pssh: Pssh;
  try {
    const boxes = [...iterateBoxes(bytes)];
    if (boxes.length !== 1 || boxes[0].type !== 'pssh') throw new Error(`expected one pssh box, found ${boxes.map((b) => `'${b.type}'`).join(', ') || 'nothing'}`);
    pssh = readPssh(bytes, boxes[0]);
  } catch (e) {
    throw invalid(`${where}: PSSH is not a pssh box: ${(e as Error).message}`);
  }
  const boxSystem = uuidFromBytes(pssh.systemId);
  const accepted = systemId === knownSystems.clearKey ? [systemId, knownSystems.common] : [systemId];
  if (!accepted.includes(boxSystem)) throw invalid(`${where}: PSSH is a pssh box of system ${boxSystem}`);
  return pssh;
}

/** The `pro` and `pssh` elements of a `ContentProtectionData` (standalone MPD fragments, prefixed or not). */
function readContentProtectionData(fragment: string, where: string): { pro?: Uint8Array; pssh?: Uint8Array } {
  let wrapper: XmlElement;
  try {
    wrapper = readXml(`<fragment xmlns:cenc="${cpixNamespaces.cenc}" xmlns:mspr="${cpixNamespaces.mspr}">${fragment}</fragment>`, { maxChars: MAX_DOCUMENT_CHARS });
  } catch (e) {
    throw invalid(`${where}: ContentProtectionData is not XML: ${(e as Error).message}`);
  }
  const elements = wrapper.children.filter((c): c is XmlElement => typeof c !== 'string');
  const pro = elements.find((e) => e.localName === 'pro' && (e.namespace === cpixNamespaces.mspr || e.namespace === ''));
  const pssh = elements.find((e) => e.localName === 'pssh' && (e.namespace === cpixNamespaces.cenc || e.namespace === ''));
  return {
    pro: pro && base64(textContent(pro), `${where} mspr:pro`),
    pssh: pssh && base64(textContent(pssh), `${where} cenc:pssh`),
  };
}

/** URI, KEYFORMAT and KEYFORMATVERSIONS of the first `#EXT-X-KEY` line of an `HLSSignalingData`. */
function readExtXKey(text: string, where: string): DrmSignalling['hls'] {
  const line = text.split(/\r?\n/).find((l) => l.startsWith('#EXT-X-KEY:'));
  if (!line) throw invalid(`${where}: the media HLSSignalingData has no #EXT-X-KEY line`);
  let attributes: Map<string, string>;
  try {
    attributes = readAttributeList(line.slice('#EXT-X-KEY:'.length));
  } catch (e) {
    throw invalid(`${where}: ${line.slice(0, 80)}: ${(e as Error).message}`);
  }
  const uri = attributes.get('URI');
  if (uri === undefined) throw invalid(`${where}: the media HLSSignalingData #EXT-X-KEY has no URI`);
  const keyFormat = attributes.get('KEYFORMAT');
  const keyFormatVersions = attributes.get('KEYFORMATVERSIONS');
  return { uri: safeText(uri, where), ...(keyFormat ? { keyFormat: safeText(keyFormat, where) } : {}), ...(keyFormatVersions ? { keyFormatVersions: safeText(keyFormatVersions, where) } : {}) };
}

function only(parent: XmlElement, name: string): XmlElement {
  const found = childElements(parent, CPIX, name);
  if (found.length !== 1) throw invalid(`it has ${found.length} cpix:${name} elements, expected 1`);
  return found[0];
}

function uuidAttribute(element: XmlElement, name: string, what: string): Uint8Array {
  const text = element.attributes[name];
  if (text === undefined || !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) throw invalid(`${what} ${JSON.stringify(text ?? null)} is not a UUID`);
  return bytesFromHex(text, 16);
}

function sameUuid(text: string, kid: Uint8Array): boolean {
  return text.replace(/-/g, '').toLowerCase() === hexFromBytes(kid);
}

function base64(text: string, what: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean) || clean === '') throw invalid(`${what} is not base64`);
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid(`${what} is not UTF-8 text`);
  }
}

/** Text that will be written into a playlist: no control characters (no line breaks smuggling tags), no quotes, bounded. */
function safeText(text: string, what: string): string {
  if (text.length > 4096 || /[\u0000-\u001f\u007f"]/.test(text)) throw invalid(`${what} ${JSON.stringify(text.slice(0, 80))} is not a value an EXT-X-KEY can carry`);
  return text;
}

function invalid(message: string): KinoraError {
  return new KinoraError('KEY_PROVIDER_ERROR', `invalid CPIX response: ${message}`);
}
