import { KinoraError } from '../errors/KinoraError.ts';
import type { AssetRecord, PackagingConfigurationRecord } from '../catalog/records.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';
import type { DrmSignalling } from '../keys/DrmSignalling.ts';
import type { KeyUsageRule } from '../keys/KeyUsageRule.ts';
import { ruleAppliesTo } from '../keys/ruleAppliesTo.ts';
import type { OutputEncryption } from '../origin/outputOf.ts';
import { NodeBlockCipher } from '../crypto/NodeBlockCipher.ts';
import { bytesFromHex } from '../media/cenc/bytesFromHex.ts';
import type { DashContentProtection } from '../media/cenc/DashContentProtection.ts';
import { encryptWholeSegment } from '../media/cenc/encryptWholeSegment.ts';
import { hexFromBytes } from '../media/cenc/hexFromBytes.ts';
import type { HlsKey } from '../media/cenc/HlsKey.ts';
import { mediaSequenceIv } from '../media/cenc/mediaSequenceIv.ts';
import { normaliseSystemId } from '../media/cenc/normaliseSystemId.ts';
import { systemIds } from '../media/cenc/systemIds.ts';
import { uuidFromBytes } from '../media/cenc/uuidFromBytes.ts';
import { base64FromBytes } from '../media/bytes/base64.ts';
import { psshBytes, type Pssh } from '../media/isobmff/boxes/pssh.ts';
import type { Track } from '../media/model/Track.ts';
import type { FragmentEncryption } from './FragmentEncryption.ts';
import { assertSampleAesTracks } from './assertSampleAesTracks.ts';
import type { SampleAesKey } from '../media/sampleaes/SampleAesKey.ts';
import { encryptedFmp4Recipe, type Recipe } from './recipes.ts';
import { encryptedSmoothRecipe } from './smoothRecipe.ts';

/** FairPlay's `EXT-X-KEY` KEYFORMAT (Apple FairPlay Streaming, HLS). */
const FAIRPLAY_KEYFORMAT = 'com.apple.streamingkeydelivery';
/** PlayReady's `EXT-X-KEY` KEYFORMAT (Microsoft "PlayReady for HLS"): the PlayReady Object in a UTF-16 data URI. */
const PLAYREADY_KEYFORMAT = 'com.microsoft.playready';

/** One content key of a plan, with what it is signalled with and the tracks it protects. */
export interface PlannedKey {
  kid: Uint8Array;
  kidHex: string;
  key: Uint8Array;
  pssh: readonly Pssh[];
  drm: readonly DrmSignalling[];
  rule: KeyUsageRule;
}

/** How one request's output is encrypted, once its content keys are known. */
export interface EncryptionPlan {
  method: 'cenc' | 'cbcs' | 'aes-128' | 'sample-aes' | 'piff';
  /** Every key (one, or one per track type of a SPEKE v2 preset). */
  keys: readonly PlannedKey[];
  /** The key of a track, or undefined when the track stays clear (text; a track type an encryption contract leaves UNENCRYPTED). */
  keyOf(track: Pick<Track, 'kind' | 'width' | 'height' | 'channels'>): PlannedKey | undefined;
  /** What ClearKey license tokens are minted for: the plan's key IDs in hex, comma-separated (one license URL serves every key). */
  licenseSubject: string;
  /** cbcs: the IV of every sample; AES-128: the IV of every segment when configured (else each segment's sequence number). */
  constantIv?: Uint8Array;
  systemIds: readonly string[];
  /** The encrypted fMP4 recipe (DASH `cenc`, CMAF `cbcs`). */
  recipe(options: { parameterSetsInBand: boolean; timeOffsets?: ReadonlyMap<string, number> }): Recipe;
  /** The Smooth PlayReady (PIFF) recipe. */
  smoothRecipe(options: { timeOffsets?: ReadonlyMap<string, number> }): Recipe;
  /** HLS-TS AES-128: the whole-segment stage, IV = the configured constant IV or the Media Sequence Number. SAMPLE-AES: the bytes as given (encrypted inside, `sampleAesKey`). */
  encryptTransportStream(bytes: Uint8Array, mediaSequenceNumber: number): Uint8Array;
  /** HLS-TS SAMPLE-AES: what the TS writer encrypts a segment's tracks with; 501 for a track SAMPLE-AES does not cover (`assertSampleAesTracks`). */
  sampleAesKey(tracks: readonly Track[]): SampleAesKey;
  /** `EXT-X-KEY` tags of a track's media playlist; `keyUri(kidHex)` is Kinora's (tokenised) key URI relative to it. */
  hlsKeys(track: Track, keyUri: (kidHex: string) => string): HlsKey[];
  /** `EXT-X-SESSION-KEY` tags: FairPlay's, which players fetch before any media playlist. */
  sessionKeys(): HlsKey[];
  /** MPD `ContentProtection` of a track, with `licenseUrl` (absolute) as the ClearKey license server; undefined for a clear track. */
  dashContentProtection(track: Track, licenseUrl: string): DashContentProtection | undefined;
  /** The Smooth client manifest's `ProtectionHeader`s: PlayReady's. */
  smoothProtection(): { systemId: string; header: Uint8Array }[];
}

/** What `planEncryption` plans from. */
export interface EncryptionPlanInput {
  keys?: ContentKeys;
  asset: AssetRecord;
  configuration: PackagingConfigurationRecord;
  encryption?: OutputEncryption;
}

/**
 * Resolves an output's `encryption` into an `EncryptionPlan`, or undefined
 * for a clear configuration. Fails closed: no key store, a provider error,
 * Smooth without PlayReady, a bad constant IV, or HLS SAMPLE-AES without an
 * IV or a way to signal its key all throw KEY_PROVIDER_ERROR, so the request
 * fails instead of serving clear bytes; each such failure is reported to the
 * content keys' failure listeners (the KeyProviderError event, the
 * endpoint's FAILED status), the provider's own failures included.
 */
export async function planEncryption(v: EncryptionPlanInput): Promise<EncryptionPlan | undefined> {
  try {
    const plan = await planWithKeys(v);
    if (plan) v.keys?.confirmKeys(v.asset, v.configuration);
    return plan;
  } catch (e) {
    if (v.keys && v.encryption && e instanceof KinoraError && e.code === 'KEY_PROVIDER_ERROR') {
      v.keys.reportFailure({ asset: v.asset, configuration: v.configuration, url: v.encryption.spekeKeyProvider.url, error: e });
    }
    throw e;
  }
}

async function planWithKeys(v: EncryptionPlanInput): Promise<EncryptionPlan | undefined> {
  const { encryption, asset, configuration } = v;
  if (!encryption) return undefined;
  if (!v.keys) throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id} is encrypted but this origin has no key store`, { subject: asset.id });
  const method = encryption.method;
  let ids: string[];
  try {
    ids = encryption.spekeKeyProvider.systemIds.map(normaliseSystemId);
  } catch (e) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: ${(e as Error).message}`, { subject: asset.id, cause: e });
  }
  if (method === 'piff' && !ids.includes(systemIds.playReady)) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: Smooth encryption is PlayReady, so spekeKeyProvider.systemIds must include ${systemIds.playReady}; found ${ids.join(', ') || 'none'}`, { subject: asset.id });
  }
  const set = await v.keys.keySetFor(asset, configuration, { spekeKeyProvider: encryption.spekeKeyProvider, scheme: method === 'piff' ? 'cenc' : method === 'sample-aes' ? 'aes-128' : method });
  if ((method === 'piff' || method === 'aes-128' || method === 'sample-aes') && set.entries.length !== 1) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: ${method === 'piff' ? 'Smooth' : 'HLS-TS'} output has one key, but the encryption contract gives ${set.entries.length}`, { subject: asset.id });
  }
  const keys: PlannedKey[] = set.entries.map(({ rule, key }) => ({ kid: key.kid, kidHex: hexFromBytes(key.kid), key: key.key, pssh: key.pssh, drm: key.drm ?? [], rule }));
  const configured = encryption.constantInitializationVector;
  let constantIv: Uint8Array | undefined;
  try {
    constantIv = configured !== undefined ? bytesFromHex(configured, 16) : method === 'cbcs' || method === 'sample-aes' ? set.entries[0].key.iv : undefined;
  } catch (e) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: constantInitializationVector must be 32 hex digits, found "${configured}"`, { subject: asset.id, cause: e });
  }
  if (method === 'cbcs' && !constantIv) throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: cbcs needs a constant IV and the key provider gave none`, { subject: asset.id });
  // SAMPLE-AES (TS): the EXT-X-KEY IV starts every chain (hls.js has no sequence-number IV for it), and the key is signalled as identity or FairPlay.
  const sampleAesIdentity = ids.length === 0 || [systemIds.aes128, systemIds.clearKey, systemIds.common].some((id) => ids.includes(id));
  if (method === 'sample-aes' && !constantIv) throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: SAMPLE-AES needs a constant IV and the key provider gave none`, { subject: asset.id });
  if (method === 'sample-aes' && !sampleAesIdentity && !ids.includes(systemIds.fairPlay)) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: HLS-TS SAMPLE-AES keys are signalled as identity (system ID ${systemIds.aes128}) or FairPlay (${systemIds.fairPlay}); spekeKeyProvider.systemIds gives ${ids.join(', ')}`, { subject: asset.id });
  }

  const keyOf = (track: Pick<Track, 'kind' | 'width' | 'height' | 'channels'>) => (track.kind === 'text' ? undefined : keys.find((k) => ruleAppliesTo(k.rule, track)));
  const fragments = (timeOffsets?: ReadonlyMap<string, number>): FragmentEncryption => ({
    scheme: method === 'cbcs' ? 'cbcs' : 'cenc',
    keyOf,
    constantIv,
    cipher: NodeBlockCipher,
    timeOffsets,
  });
  const psshOf = (key: PlannedKey, systemId: string) => key.pssh.find((box) => uuidFromBytes(box.systemId) === systemId);
  const drmOf = (key: PlannedKey, systemId: string) => key.drm.find((d) => d.systemId === systemId);
  const playReadyObjectOf = (key: PlannedKey) => drmOf(key, systemIds.playReady)?.playReadyObject ?? psshOf(key, systemIds.playReady)?.data;
  const fairPlayKey = (key: PlannedKey): HlsKey => {
    const given = drmOf(key, systemIds.fairPlay)?.hls;
    // FairPlay: the `skd://` URI names the key for the app's key server (KSM): the key server's, else the key ID.
    return { method: 'SAMPLE-AES', uri: given?.uri ?? `skd://${key.kidHex}`, keyFormat: given?.keyFormat ?? FAIRPLAY_KEYFORMAT, keyFormatVersions: given?.keyFormatVersions ?? '1' };
  };
  // Smooth's ProtectionHeader is the PlayReady header: checked here, so that a plan that is made can answer every request.
  const smoothHeader = method === 'piff' ? playReadyObjectOf(keys[0]) : undefined;
  if (method === 'piff' && !smoothHeader) throw new KinoraError('KEY_PROVIDER_ERROR', `configuration ${configuration.id}: the key provider gave no PlayReady header for key ${keys[0].kidHex}`, { subject: asset.id });
  return {
    method,
    keys,
    keyOf,
    licenseSubject: keys.map((k) => k.kidHex).join(','),
    constantIv,
    systemIds: ids,
    recipe: (options) => encryptedFmp4Recipe(fragments(options.timeOffsets), { parameterSetsInBand: options.parameterSetsInBand }),
    smoothRecipe: (options) => encryptedSmoothRecipe(fragments(options.timeOffsets)),
    encryptTransportStream: (bytes, mediaSequenceNumber) => (method === 'sample-aes' ? bytes : encryptWholeSegment(bytes, keys[0].key, constantIv ?? mediaSequenceIv(mediaSequenceNumber), NodeBlockCipher)),
    sampleAesKey(tracks) {
      assertSampleAesTracks(tracks, asset.id);
      return { key: keys[0].key, iv: constantIv!, cipher: NodeBlockCipher };
    },
    hlsKeys(track, keyUri) {
      const key = keyOf(track);
      if (!key) return [];
      if (method === 'sample-aes') {
        // Apple SAMPLE-AES (TS): the key file itself (identity), and/or FairPlay's skd:// for an app's key server; both with the IV.
        assertSampleAesTracks([track], asset.id);
        const given = drmOf(key, systemIds.aes128)?.hls;
        const tags: HlsKey[] = [];
        if (sampleAesIdentity) tags.push({ method: 'SAMPLE-AES', uri: given?.uri ?? keyUri(key.kidHex), iv: constantIv, keyFormat: (given?.uri && given.keyFormat) || 'identity', keyFormatVersions: (given?.uri && given.keyFormatVersions) || '1' });
        if (ids.includes(systemIds.fairPlay)) tags.push({ ...fairPlayKey(key), iv: constantIv });
        return tags;
      }
      if (method === 'aes-128') {
        // A key server that gave its own key URI (SPEKE URIExtXKey) is used; else Kinora serves the key.
        const given = drmOf(key, systemIds.aes128)?.hls;
        return [{ method: 'AES-128', uri: given?.uri ?? keyUri(key.kidHex), iv: constantIv, keyFormat: given?.uri ? given.keyFormat : undefined, keyFormatVersions: given?.uri ? given.keyFormatVersions : undefined }];
      }
      const tags: HlsKey[] = [];
      // identity: the key file itself, which shaka turns into ClearKey for fMP4 (cbcs).
      if (ids.length === 0 || ids.includes(systemIds.clearKey) || ids.includes(systemIds.common)) tags.push({ method: 'SAMPLE-AES', uri: keyUri(key.kidHex), keyFormat: 'identity', keyFormatVersions: '1' });
      if (ids.includes(systemIds.fairPlay)) tags.push(fairPlayKey(key));
      const widevine = psshOf(key, systemIds.widevine);
      if (widevine) tags.push({ method: 'SAMPLE-AES', uri: `data:text/plain;base64,${base64FromBytes(psshBytes(widevine))}`, keyFormat: `urn:uuid:${systemIds.widevine}`, keyFormatVersions: '1' });
      const playReady = ids.includes(systemIds.playReady) ? playReadyObjectOf(key) : undefined;
      if (playReady) {
        const given = drmOf(key, systemIds.playReady)?.hls;
        tags.push({ method: 'SAMPLE-AES', uri: given?.uri ?? `data:text/plain;charset=UTF-16;base64,${base64FromBytes(playReady)}`, keyFormat: given?.keyFormat ?? PLAYREADY_KEYFORMAT, keyFormatVersions: given?.keyFormatVersions ?? '1' });
      }
      return tags;
    },
    sessionKeys: () => (method === 'cbcs' && ids.includes(systemIds.fairPlay) ? keys.map(fairPlayKey) : []),
    dashContentProtection(track, licenseUrl) {
      const key = keyOf(track);
      if (!key) return undefined;
      const systems: DashContentProtection['systems'] = [];
      for (const id of ids) {
        // ClearKey (DASH-IF IOP 4.3 7.6.2.4): the license URL only. Players make its "keyids"
        // initialisation data from cenc:default_KID; dash.js would pass a pssh here as keyids and fail.
        if (id === systemIds.clearKey) systems.push({ systemId: id, value: 'ClearKey1.0', licenseUrl });
        else if (id === systemIds.playReady) systems.push({ systemId: id, value: 'MSPR 2.0', playReadyObject: playReadyObjectOf(key), pssh: bytesOf(psshOf(key, id)) });
        else systems.push({ systemId: id, pssh: bytesOf(psshOf(key, id)) });
      }
      return { scheme: method === 'cbcs' ? 'cbcs' : 'cenc', defaultKid: key.kid, systems };
    },
    smoothProtection() {
      return [{ systemId: systemIds.playReady, header: smoothHeader! }];
    },
  };
}

function bytesOf(box: Pssh | undefined): Uint8Array | undefined {
  return box ? psshBytes(box) : undefined;
}
