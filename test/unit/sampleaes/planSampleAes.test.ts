import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContentKeys } from '../../../src/keys/openContentKeys.ts';
import { planEncryption } from '../../../src/packaging/planEncryption.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import { hexFromBytes } from '../../../src/media/cenc/hexFromBytes.ts';
import type { AssetRecord, PackagingConfigurationRecord, SpekeKeyProvider } from '../../../src/catalog/records.ts';
import type { OutputEncryption } from '../../../src/origin/outputOf.ts';
import type { Track } from '../../../src/media/model/Track.ts';
import { audioTrack, videoTrack } from '../cenc/support/syntheticAvc.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kinora-sample-aes-keys-'));
const keys = openContentKeys({ dataDir, masterKey: 'b'.repeat(64) });
after(async () => {
  await keys.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const asset = { id: 'movie', hash: 'a'.repeat(32) } as AssetRecord;
const provider = (ids: string[]): SpekeKeyProvider => ({ url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/unused', systemIds: ids });
let configurations = 0;
async function plan(ids: string[], constantInitializationVector?: string) {
  const configuration = { id: `hls-sample-aes-${++configurations}`, hash: String(configurations).padStart(32, '0') } as PackagingConfigurationRecord;
  const encryption: OutputEncryption = { method: 'sample-aes', spekeKeyProvider: provider(ids), constantInitializationVector };
  return (await planEncryption({ keys, asset, configuration, encryption }))!;
}
const hevc: Track = { ...videoTrack, id: 'v2', config: { codec: 'hevc', vps: [], sps: [], pps: [] } };

test('SAMPLE-AES EXT-X-KEY: identity key URI with the configured IV; the TS bytes get no whole-segment stage', async () => {
  const p = await plan([systemIds.aes128], '00112233445566778899aabbccddeeff');
  const kid = p.keys[0].kidHex;
  assert.deepEqual(p.hlsKeys(videoTrack, (kidHex) => `../key/${kidHex}.key`), [
    { method: 'SAMPLE-AES', uri: `../key/${kid}.key`, iv: Uint8Array.from(Buffer.from('00112233445566778899aabbccddeeff', 'hex')), keyFormat: 'identity', keyFormatVersions: '1' },
  ]);
  const bytes = Uint8Array.of(0x47, 1, 2, 3);
  assert.equal(p.encryptTransportStream(bytes, 7), bytes);
  const segmentKey = p.sampleAesKey([videoTrack, audioTrack]);
  assert.deepEqual([hexFromBytes(segmentKey.key), hexFromBytes(segmentKey.iv)], [hexFromBytes(p.keys[0].key), '00112233445566778899aabbccddeeff']);
});

test('without a constant IV the key store gives one, the same on every request; FairPlay adds its skd:// key with the IV', async () => {
  const p = await plan([systemIds.aes128, systemIds.fairPlay]);
  const [identity, fairPlay] = p.hlsKeys(audioTrack, (kidHex) => `key/${kidHex}.key`);
  assert.equal(identity.iv?.byteLength, 16);
  assert.deepEqual(p.sampleAesKey([audioTrack]).iv, identity.iv);
  assert.deepEqual(fairPlay, { method: 'SAMPLE-AES', uri: `skd://${p.keys[0].kidHex}`, keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1', iv: identity.iv });
});

test('fail closed: H.265 is 501 naming the track; a system ID list with neither identity nor FairPlay is a key provider error', async () => {
  const p = await plan([systemIds.aes128]);
  const notSupported = (e: unknown) => (e as { code?: string }).code === 'FORMAT_NOT_SUPPORTED' && /track v2: .*found H\.265/.test((e as Error).message);
  assert.throws(() => p.hlsKeys(hevc, () => 'key'), notSupported);
  assert.throws(() => p.sampleAesKey([hevc, audioTrack]), notSupported);
  await assert.rejects(plan([systemIds.widevine]), (e) => (e as { code?: string }).code === 'KEY_PROVIDER_ERROR' && /identity .* or FairPlay/.test((e as Error).message));
});
