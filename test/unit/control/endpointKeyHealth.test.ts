/**
 * EndpointKeyHealth with a scripted key provider on the embedded catalog:
 * what ingest records, what a request that later gets the keys clears, that a
 * plan which fails after the keys came (Smooth without a PlayReady header)
 * never shows the endpoint PLAYABLE meanwhile, and that failures belong to a
 * configuration, not to its id.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteCatalog } from '../../../src/catalog/SqliteCatalog.ts';
import { ContentKeys } from '../../../src/keys/ContentKeys.ts';
import { KeyTokens } from '../../../src/keys/KeyTokens.ts';
import type { ContentKey } from '../../../src/keys/ContentKey.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import { EndpointKeyHealth } from '../../../src/control/EndpointKeyHealth.ts';
import { egressUrls } from '../../../src/origin/egressUrls.ts';
import { outputOf } from '../../../src/origin/outputOf.ts';
import { planEncryption } from '../../../src/packaging/planEncryption.ts';
import { systemIds } from '../../../src/media/cenc/systemIds.ts';
import type { PackageSettings, PackagingConfigurationRecord } from '../../../src/catalog/records.ts';
import { asset, group } from './catalogContract.ts';

/** A key provider that fails while `down`, and gives one plain key (no DRM signalling) otherwise. */
function scriptedProvider() {
  const state = { down: true, asked: 0, now: 0 };
  const provider = {
    async keysFor(): Promise<ContentKey[]> {
      state.asked++;
      if (state.down) throw new KinoraError('KEY_PROVIDER_ERROR', 'key provider answered HTTP 500');
      return [{ kid: new Uint8Array(16).fill(1), key: new Uint8Array(16).fill(2), iv: new Uint8Array(16).fill(3), pssh: [] }];
    },
  };
  return { state, keys: new ContentKeys({ builtin: provider, tokens: new KeyTokens(new Uint8Array(32).fill(9)), failureHoldMs: 5_000, now: () => state.now }) };
}

const speke = (ids: string[]) => ({ spekeKeyProvider: { url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/k', systemIds: ids } });
let hashes = 0;
function configuration(id: string, settings: PackageSettings): PackagingConfigurationRecord {
  return { id, arn: `arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-configurations/${id}`, packagingGroupId: 'grp', hash: String(++hashes).padStart(32, '0'), createdAt: '2026-01-01T00:00:00.000Z', tags: {}, ...settings };
}

async function setUp() {
  const catalog = new SqliteCatalog(':memory:');
  await catalog.putGroup(group('grp'));
  await catalog.putAsset({ ...asset('movie', 'grp'), status: 'PLAYABLE' });
  const { state, keys } = scriptedProvider();
  const writes: (string | null)[] = [];
  const setEndpointFailure = catalog.setEndpointFailure.bind(catalog);
  catalog.setEndpointFailure = async (id, hash, reason) => {
    writes.push(reason);
    return setEndpointFailure(id, hash, reason);
  };
  const health = new EndpointKeyHealth({ catalog, keys, log: () => {} });
  const stop = health.start();
  const statusOf = async (configurationId: string) => {
    const a = (await catalog.getAsset('movie'))!;
    const g = (await catalog.getGroup('grp'))!;
    return egressUrls('http://k', g, await catalog.listConfigurations('grp'), a).find((e) => e.packagingConfigurationId === configurationId)!;
  };
  const request = async (c: PackagingConfigurationRecord) => planEncryption({ keys, asset: (await catalog.getAsset('movie'))!, configuration: c, encryption: outputOf(c).encryption });
  return { catalog, state, health, stop, writes, statusOf, request };
}

test('ingest records a failing provider as the endpoint\'s FAILED status; a later request that gets the keys makes it PLAYABLE again', async () => {
  const { catalog, state, health, stop, writes, statusOf, request } = await setUp();
  const dash = configuration('dash', { dashPackage: { dashManifests: [{}], encryption: speke([systemIds.clearKey]) } });
  const clear = configuration('clear', { dashPackage: { dashManifests: [{}] } });
  await catalog.putConfiguration(dash);
  await catalog.putConfiguration(clear);
  const failed = await health.checkAsset((await catalog.getAsset('movie'))!);
  assert.deepEqual(failed, [{ configurationId: 'dash', reason: 'KEY_PROVIDER_ERROR: key provider answered HTTP 500' }]);
  assert.deepEqual(await statusOf('dash'), { packagingConfigurationId: 'dash', url: (await statusOf('dash')).url, status: 'FAILED', statusReason: 'KEY_PROVIDER_ERROR: key provider answered HTTP 500' });
  assert.equal((await statusOf('clear')).status, 'PLAYABLE');
  await assert.rejects(request(dash), /HTTP 500/);
  state.down = false;
  await assert.rejects(request(dash), /HTTP 500/, 'the failure answers for the hold');
  assert.equal(state.asked, 1, 'requests within the hold do not ask the provider');
  state.now += 5_000;
  await request(dash);
  await health.idle();
  assert.deepEqual([(await statusOf('dash')).status, (await statusOf('dash')).statusReason], ['PLAYABLE', undefined]);
  assert.ok(writes.includes(null));
  stop();
});

test('a plan that fails after the keys came (Smooth, no PlayReady header) stays FAILED throughout: no clearing write', async () => {
  const { catalog, state, health, stop, writes, statusOf, request } = await setUp();
  state.down = false;
  const mss = configuration('mss', { mssPackage: { mssManifests: [{}], encryption: speke([systemIds.playReady]) } });
  await catalog.putConfiguration(mss);
  const failed = await health.checkAsset((await catalog.getAsset('movie'))!);
  assert.equal(failed.length, 1);
  assert.match(failed[0].reason, /^KEY_PROVIDER_ERROR: configuration mss: the key provider gave no PlayReady header/);
  await assert.rejects(request(mss), /no PlayReady header/);
  await assert.rejects(request(mss), /no PlayReady header/);
  await health.idle();
  assert.equal((await statusOf('mss')).status, 'FAILED');
  assert.ok(!writes.includes(null), `never cleared: ${JSON.stringify(writes)}`);
  assert.equal(writes.length, 1, `requests failing as ingest did write nothing more: ${JSON.stringify(writes)}`);
  stop();
});

test('a configuration deleted and made again under the same id does not inherit its failure', async () => {
  const { catalog, health, stop, statusOf } = await setUp();
  const first = configuration('cfg', { dashPackage: { dashManifests: [{}], encryption: speke([systemIds.clearKey]) } });
  await catalog.putConfiguration(first);
  await health.checkAsset((await catalog.getAsset('movie'))!);
  assert.equal((await statusOf('cfg')).status, 'FAILED');
  await catalog.deleteConfiguration('cfg');
  await catalog.putConfiguration(configuration('cfg', { dashPackage: { dashManifests: [{}] } }));
  assert.deepEqual([(await statusOf('cfg')).status, (await statusOf('cfg')).statusReason], ['PLAYABLE', undefined]);
  stop();
});
