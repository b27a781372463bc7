import { KinoraError } from '../errors/KinoraError.ts';
import type { AssetRecord, PackagingConfigurationRecord } from '../catalog/records.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';
import type { OutputEncryption } from '../origin/outputOf.ts';
import { NodeBlockCipher } from '../crypto/NodeBlockCipher.ts';
import { bytesFromHex } from '../media/cenc/bytesFromHex.ts';
import type { DashContentProtection } from '../media/cenc/DashContentProtection.ts';
import { encryptWholeSegment } from '../media/cenc/encryptWholeSegment.ts';
import { hexFromBytes } from '../media/cenc/hexFromBytes.ts';
import type { HlsKey } from '../media/cenc/HlsKey.ts';
import { mediaSequenceIv } from '../media/cenc/mediaSequenceIv.ts';
import { systemIds } from '../media/cenc/systemIds.ts';
import { base64FromBytes } from '../media/bytes/base64.ts';
import { psshBytes, type Pssh } from '../media/isobmff/boxes/pssh.ts';
import { encryptedFmp4Recipe, type Recipe } from './recipes.ts';

/** FairPlay's `EXT-X-KEY` KEYFORMAT (Apple FairPlay Streaming, HLS). */
const FAIRPLAY_KEYFORMAT = 'com.apple.streamingkeydelivery';

/** How one request's output is encrypted, once its content key is known. */
export interface EncryptionPlan {
  method: 'cenc' | 'cbcs' | 'aes-128';
  kid: Uint8Array;
  kidHex: string;
  key: Uint8Array;
  /** cbcs: the IV of every sample; AES-128: the IV of every segment when configured (else each segment's sequence number). */
  constantIv?: Uint8Array;
  pssh: readonly Pssh[];
  systemIds: readonly string[];
  /** The encrypted fMP4 recipe (DASH `cenc`, CMAF `cbcs`). */
  recipe(options: { parameterSetsInBand: boolean; timeOffsets?: ReadonlyMap<string, number> }): Recipe;
  /** HLS-TS AES-128: the whole-segment stage, IV = the configured constant IV or the Media Sequence Number. */
  encryptTransportStream(bytes: Uint8Array, mediaSequenceNumber: number): Uint8Array;
  /** `EXT-X-KEY` tags of a media playlist, `keyUri` being the (tokenised) key URI relative to it. */
  hlsKeys(keyUri: string): HlsKey[];
  /** `EXT-X-SESSION-KEY` tags: FairPlay's, which players fetch before any media playlist. */
  sessionKeys(): HlsKey[];
  /** MPD `ContentProtection` for `cenc`, with `licenseUrl` (absolute) as the ClearKey license server. */
  dashContentProtection(licenseUrl: string): DashContentProtection;
}

/**
 * Resolves an output's `encryption` into an `EncryptionPlan`, or undefined
 * for a clear configuration. Fails closed: no key store, a provider error, a
 * method Kinora cannot write yet (HLS SAMPLE-AES, Smooth PlayReady) or a bad
 * constant IV all throw, so the request fails instead of serving clear bytes.
 */
export async function planEncryption(v: {
  keys?: ContentKeys;
  asset: AssetRecord;
  configuration: PackagingConfigurationRecord;
  encryption?: OutputEncryption;
}): Promise<EncryptionPlan | undefined> {
  const { encryption, asset, configuration } = v;
  if (!encryption) return undefined;
  if (encryption.method === 'sample-aes' || encryption.method === 'piff') {
    throw new KinoraError('FORMAT_NOT_SUPPORTED', `configuration ${configuration.id} asks ${encryption.method === 'piff' ? 'Smooth (PlayReady)' : 'HLS SAMPLE-AES'} encryption, which Kinora does not write yet`, { subject: asset.id });
  }
  if (!v.keys) throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id} is encrypted but this origin has no key store`, { subject: asset.id });
  const method = encryption.method;
  const content = await v.keys.keyFor(asset, configuration, { spekeKeyProvider: encryption.spekeKeyProvider, scheme: method });
  const configured = encryption.constantInitializationVector;
  let constantIv: Uint8Array | undefined;
  try {
    constantIv = configured !== undefined ? bytesFromHex(configured, 16) : method === 'cbcs' ? content.iv : undefined;
  } catch (e) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: constantInitializationVector must be 32 hex digits, found "${configured}"`, { subject: asset.id, cause: e });
  }
  if (method === 'cbcs' && !constantIv) throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: cbcs needs a constant IV and the key provider gave none`, { subject: asset.id });
  const ids = encryption.spekeKeyProvider.systemIds.map((id) => id.toLowerCase());
  const kidHex = hexFromBytes(content.kid);
  const kid = content.kid;
  const key = content.key;
  const pssh = content.pssh;
  const psshOf = (systemId: string) => pssh.find((box) => hexFromBytes(box.systemId) === systemId.replace(/-/g, ''));
  return {
    method,
    kid,
    kidHex,
    key,
    constantIv,
    pssh,
    systemIds: ids,
    recipe: (options) =>
      encryptedFmp4Recipe(
        { scheme: method === 'cbcs' ? 'cbcs' : 'cenc', kid, key, constantIv, pssh, cipher: NodeBlockCipher, timeOffsets: options.timeOffsets },
        { parameterSetsInBand: options.parameterSetsInBand },
      ),
    encryptTransportStream: (bytes, mediaSequenceNumber) => encryptWholeSegment(bytes, key, constantIv ?? mediaSequenceIv(mediaSequenceNumber), NodeBlockCipher),
    hlsKeys(keyUri) {
      if (method === 'aes-128') return [{ method: 'AES-128', uri: keyUri, iv: constantIv }];
      const tags: HlsKey[] = [];
      // identity: the key file itself, which shaka turns into ClearKey for fMP4 (cbcs).
      if (ids.length === 0 || ids.includes(systemIds.clearKey) || ids.includes(systemIds.common)) tags.push({ method: 'SAMPLE-AES', uri: keyUri, keyFormat: 'identity', keyFormatVersions: '1' });
      if (ids.includes(systemIds.fairPlay)) tags.push(fairPlayKey(kidHex));
      const widevine = psshOf(systemIds.widevine);
      if (widevine) tags.push({ method: 'SAMPLE-AES', uri: `data:text/plain;base64,${base64FromBytes(psshBytes(widevine))}`, keyFormat: `urn:uuid:${systemIds.widevine}`, keyFormatVersions: '1' });
      return tags;
    },
    sessionKeys: () => (method === 'cbcs' && ids.includes(systemIds.fairPlay) ? [fairPlayKey(kidHex)] : []),
    dashContentProtection(licenseUrl) {
      const systems: DashContentProtection['systems'] = [];
      for (const id of ids) {
        // ClearKey (DASH-IF IOP 4.3 7.6.2.4): the license URL only. Players make its "keyids"
        // initialisation data from cenc:default_KID; dash.js would pass a pssh here as keyids and fail.
        if (id === systemIds.clearKey) systems.push({ systemId: id, value: 'ClearKey1.0', licenseUrl });
        else systems.push({ systemId: id, pssh: bytesOf(psshOf(id)) });
      }
      return { scheme: method === 'cbcs' ? 'cbcs' : 'cenc', defaultKid: kid, systems };
    },
  };
}

/** FairPlay: the `skd://` URI names the key for the app's key server (KSM), here by its key ID. */
function fairPlayKey(kidHex: string): HlsKey {
  return { method: 'SAMPLE-AES', uri: `skd://${kidHex}`, keyFormat: FAIRPLAY_KEYFORMAT, keyFormatVersions: '1' };
}

function bytesOf(box: Pssh | undefined): Uint8Array | undefined {
  return box ? psshBytes(box) : undefined;
}
