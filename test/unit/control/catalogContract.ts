/**
 * The `Catalog` port's contract, as one suite any adapter runs
 * (`catalogContract('SqliteCatalog', () => new SqliteCatalog(':memory:'))`;
 * a PostgreSQL adapter calls it with its own factory). It checks what the
 * control plane relies on: atomic checked writes, deletes, keyset pages,
 * counts, tags and status updates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Catalog } from '../../../src/catalog/Catalog.ts';
import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../../../src/catalog/records.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import { newHash } from '../../../src/catalog/newHash.ts';

export function group(id: string, extra: Partial<PackagingGroupRecord> = {}): PackagingGroupRecord {
  return { id, arn: `arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-groups/${id}`, hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...extra };
}

export function configuration(id: string, groupId: string): PackagingConfigurationRecord {
  return { id, arn: `arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-configurations/${id}`, packagingGroupId: groupId, hash: newHash(), createdAt: new Date().toISOString(), tags: {}, cmafPackage: { hlsManifests: [{}] } };
}

export function asset(id: string, groupId: string, createdAt = new Date().toISOString()): AssetRecord {
  return { id, arn: `arn:aws:mediapackage-vod:us-east-1:000000000000:assets/${id}`, packagingGroupId: groupId, sourceArn: `s3://b/${id}.m3u8`, hash: newHash(), createdAt, status: 'QUEUED', tags: {} };
}

export async function rejectsWith(work: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(e instanceof KinoraError, String(e));
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
}

export function catalogContract(name: string, open: () => Catalog | Promise<Catalog>): void {
  describe(`Catalog contract: ${name}`, () => {
    let catalog: Catalog;
    before(async () => {
      catalog = await open();
    });
    after(async () => {
      await catalog.close();
    });

    test('groups: create, find by id and hash, refuse a duplicate id', async () => {
      const g = group('grp_a', { tags: { team: 'video' } });
      await catalog.putGroup(g);
      assert.deepEqual(await catalog.getGroup('grp_a'), g);
      assert.deepEqual(await catalog.getGroupByHash(g.hash), g);
      assert.equal(await catalog.getGroup('grp_none'), undefined);
      await rejectsWith(catalog.putGroup(group('grp_a')), 'ALREADY_EXISTS', /packaging group grp_a already exists/);
    });

    test('groups: the quota is checked with the insert, also under concurrent creates', async () => {
      const before = await catalog.countGroups();
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => catalog.putGroup(group(`grp_q${i}`), { maxGroups: before + 3 })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
      for (const r of results.filter((r) => r.status === 'rejected')) assert.equal(((r as PromiseRejectedResult).reason as KinoraError).code, 'QUOTA_EXCEEDED');
      assert.equal(await catalog.countGroups(), before + 3);
    });

    test('groups: update authorization and logs (null removes, undefined keeps)', async () => {
      const authorization = { cdnIdentifierSecret: 'arn:aws:secretsmanager:us-east-1:0:secret:s', secretsRoleArn: 'arn:aws:iam::0:role/r' };
      let g = await catalog.updateGroup('grp_a', { authorization, egressAccessLogs: { logGroupName: 'logs' } });
      assert.deepEqual(g.authorization, authorization);
      assert.deepEqual(g.egressAccessLogs, { logGroupName: 'logs' });
      g = await catalog.updateGroup('grp_a', { authorization: null });
      assert.equal(g.authorization, undefined);
      assert.deepEqual(g.egressAccessLogs, { logGroupName: 'logs' });
      assert.deepEqual(await catalog.getGroup('grp_a'), g);
      assert.deepEqual(g.tags, { team: 'video' }, 'other fields untouched');
      await rejectsWith(catalog.updateGroup('grp_none', { authorization: null }), 'GROUP_NOT_FOUND');
    });

    test('configurations: need their group; ids are unique across groups; quota per group', async () => {
      await catalog.putGroup(group('grp_b'));
      await rejectsWith(catalog.putConfiguration(configuration('cfg_x', 'grp_none')), 'GROUP_NOT_FOUND');
      await catalog.putConfiguration(configuration('cfg_1', 'grp_a'));
      await rejectsWith(catalog.putConfiguration(configuration('cfg_1', 'grp_b')), 'ALREADY_EXISTS', /packaging configuration cfg_1 already exists/);
      await catalog.putConfiguration(configuration('cfg_2', 'grp_a'), { maxPerGroup: 2 });
      await rejectsWith(catalog.putConfiguration(configuration('cfg_3', 'grp_a'), { maxPerGroup: 2 }), 'QUOTA_EXCEEDED', /grp_a/);
      await catalog.putConfiguration(configuration('cfg_3', 'grp_b'), { maxPerGroup: 2 });
      assert.equal(await catalog.countConfigurations('grp_a'), 2);
      assert.deepEqual((await catalog.listConfigurations('grp_a')).map((c) => c.id), ['cfg_1', 'cfg_2']);
      const c = await catalog.getConfiguration('cfg_3');
      assert.deepEqual(await catalog.getConfigurationByHash(c!.hash), c);
    });

    test('assets: need their group; quota per group; status and index', async () => {
      await rejectsWith(catalog.putAsset(asset('ast_x', 'grp_none')), 'GROUP_NOT_FOUND');
      await catalog.putAsset(asset('ast_1', 'grp_a', '2024-01-01T00:00:02.000Z'));
      await catalog.putAsset(asset('ast_2', 'grp_a', '2024-01-01T00:00:01.000Z'), { maxPerGroup: 2 });
      await rejectsWith(catalog.putAsset(asset('ast_3', 'grp_a'), { maxPerGroup: 2 }), 'QUOTA_EXCEEDED');
      await rejectsWith(catalog.putAsset(asset('ast_1', 'grp_b')), 'ALREADY_EXISTS');
      await catalog.putAsset(asset('ast_3', 'grp_b', '2024-01-01T00:00:03.000Z'));
      await catalog.setAssetStatus('ast_1', 'PROCESSING');
      await catalog.setAssetStatus('ast_3', 'FAILED', 'SOURCE_NOT_FOUND: gone');
      await catalog.setAssetStatus('ast_none', 'PLAYABLE'); // no-op
      assert.equal((await catalog.getAsset('ast_3'))!.statusReason, 'SOURCE_NOT_FOUND: gone');
      assert.deepEqual(await catalog.countAssetsByStatus(), { QUEUED: 1, PROCESSING: 1, PLAYABLE: 0, FAILED: 1 });
      assert.deepEqual((await catalog.listAssetsByStatus(['QUEUED', 'PROCESSING'])).map((a) => a.id), ['ast_2', 'ast_1'], 'oldest first');
      await catalog.setAssetStatus('ast_3', 'PLAYABLE');
      assert.equal((await catalog.getAsset('ast_3'))!.statusReason, undefined, 'a new status clears the old reason');
      // Endpoint failures: per configuration (by hash), set and cleared atomically, reported as changes, kept apart from the status.
      assert.equal(await catalog.setEndpointFailure('ast_3', 'cfg_1', 'KEY_PROVIDER_ERROR: HTTP 500'), true);
      assert.equal(await catalog.setEndpointFailure('ast_3', 'cfg_1', 'KEY_PROVIDER_ERROR: HTTP 500'), false, 'the same reason again changes nothing');
      assert.equal(await catalog.setEndpointFailure('ast_3', 'cfg_2', 'KEY_PROVIDER_ERROR: timeout'), true);
      assert.equal(await catalog.setEndpointFailure('ast_none', 'cfg_1', 'x'), false, 'no asset, no change');
      assert.deepEqual((await catalog.getAsset('ast_3'))!.endpointFailures, { cfg_1: 'KEY_PROVIDER_ERROR: HTTP 500', cfg_2: 'KEY_PROVIDER_ERROR: timeout' });
      assert.equal((await catalog.getAsset('ast_3'))!.status, 'PLAYABLE');
      assert.equal(await catalog.setEndpointFailure('ast_3', 'cfg_1', null), true);
      assert.equal(await catalog.setEndpointFailure('ast_3', 'cfg_1', null), false);
      assert.equal(await catalog.setEndpointFailure('ast_3', 'cfg_2', null), true);
      assert.equal('endpointFailures' in (await catalog.getAsset('ast_3'))!, false, 'the last cleared failure leaves no empty map');
      await catalog.putAssetIndex('ast_3', new Uint8Array([1, 2, 3]));
      assert.deepEqual([...(await catalog.getAssetIndex('ast_3'))!], [1, 2, 3]);
      assert.equal(await catalog.countAssets('grp_a'), 2);
      assert.equal(await catalog.countAssets(), 3);
    });

    test('keyset pages: ordered by id, after a given id, bounded', async () => {
      for (const id of ['p_c', 'p_a', 'p_e', 'p_b', 'p_d']) await catalog.putAsset(asset(id, 'grp_b'));
      const ids = async (afterId?: string, limit?: number) => (await catalog.listAssets('grp_b', { afterId, limit })).map((a) => a.id);
      assert.deepEqual(await ids(undefined, 2), ['ast_3', 'p_a']);
      assert.deepEqual(await ids('p_a', 2), ['p_b', 'p_c']);
      assert.deepEqual(await ids('p_c', 10), ['p_d', 'p_e']);
      assert.deepEqual(await ids('p_e', 10), []);
      assert.deepEqual((await catalog.listGroups({ limit: 2 })).map((g) => g.id), ['grp_a', 'grp_b']);
      assert.deepEqual((await catalog.listConfigurations(undefined, { afterId: 'cfg_1' })).map((c) => c.id), ['cfg_2', 'cfg_3']);
    });

    test('tags: set and remove atomically, on every kind; a missing resource is *_NOT_FOUND', async () => {
      assert.deepEqual(await catalog.updateTags('group', 'grp_a', { set: { env: 'prod', team: 'ops' } }), { team: 'ops', env: 'prod' });
      assert.deepEqual(await catalog.updateTags('group', 'grp_a', { remove: ['team', 'absent'] }), { env: 'prod' });
      assert.deepEqual((await catalog.getGroup('grp_a'))!.tags, { env: 'prod' });
      assert.deepEqual(await catalog.updateTags('configuration', 'cfg_1', { set: { a: '1' } }), { a: '1' });
      assert.deepEqual(await catalog.updateTags('asset', 'ast_1', { set: { b: '2' } }), { b: '2' });
      assert.deepEqual((await catalog.getAsset('ast_1'))!.tags, { b: '2' });
      await rejectsWith(catalog.updateTags('asset', 'ast_none', {}), 'ASSET_NOT_FOUND');
      await rejectsWith(catalog.updateTags('configuration', 'cfg_none', {}), 'CONFIGURATION_NOT_FOUND');
      await rejectsWith(catalog.updateTags('group', 'grp_none', {}), 'GROUP_NOT_FOUND');
    });

    test('deletes: a group with configurations or assets is in use; missing records are *_NOT_FOUND', async () => {
      await rejectsWith(catalog.deleteGroup('grp_a'), 'RESOURCE_IN_USE', /2 packaging configuration\(s\) and 2 asset\(s\)/);
      for (const id of ['cfg_1', 'cfg_2']) await catalog.deleteConfiguration(id);
      await rejectsWith(catalog.deleteGroup('grp_a'), 'RESOURCE_IN_USE', /0 packaging configuration\(s\) and 2 asset\(s\)/);
      for (const id of ['ast_1', 'ast_2']) await catalog.deleteAsset(id);
      await catalog.deleteGroup('grp_a');
      assert.equal(await catalog.getGroup('grp_a'), undefined);
      assert.equal(await catalog.getAsset('ast_1'), undefined);
      await rejectsWith(catalog.deleteGroup('grp_a'), 'GROUP_NOT_FOUND');
      await rejectsWith(catalog.deleteAsset('ast_1'), 'ASSET_NOT_FOUND');
      await rejectsWith(catalog.deleteConfiguration('cfg_1'), 'CONFIGURATION_NOT_FOUND');
      // the id is free again
      await catalog.putGroup(group('grp_a'));
    });
  });
  describe(`Catalog contract: ${name}: ingest leases`, () => {
    let catalog: Catalog;
    const T0 = Date.parse('2030-01-01T00:00:00.000Z');
    const LEASE = 30_000;
    /** ISO 8601 time `ms` after T0. */
    const at = (ms: number) => new Date(T0 + ms).toISOString();
    const claim = (owner: string, now: number, extra: { limit?: number; ids?: string[] } = {}) =>
      catalog.claimIngest({ owner, now: at(now), leaseMs: LEASE, ...extra }).then((assets) => assets.map((a) => a.id));
    before(async () => {
      catalog = await open();
      await catalog.putGroup(group('lg'));
    });
    after(async () => {
      await catalog.close();
    });

    test('claims give unfinished assets oldest first, each to one owner, until the lease expires; PLAYABLE and FAILED never', async () => {
      const l1 = asset('l_1', 'lg', '2024-01-01T00:00:03.000Z');
      await catalog.putAsset(l1);
      await catalog.putAsset(asset('l_2', 'lg', '2024-01-01T00:00:01.000Z'));
      await catalog.putAsset(asset('l_3', 'lg', '2024-01-01T00:00:02.000Z'));
      await catalog.putAsset(asset('l_done', 'lg', '2024-01-01T00:00:00.000Z'));
      await catalog.putAsset(asset('l_failed', 'lg', '2024-01-01T00:00:00.500Z'));
      await catalog.setAssetStatus('l_done', 'PLAYABLE');
      await catalog.setAssetStatus('l_failed', 'FAILED', 'SOURCE_NOT_FOUND: gone');
      await catalog.setAssetStatus('l_3', 'PROCESSING'); // left PROCESSING by a crash, with no lease (as before leases existed)

      assert.deepEqual(await claim('A', 0, { limit: 2 }), ['l_2', 'l_3'], 'oldest first, at most the limit');
      assert.deepEqual(await claim('B', 1_000), ['l_1'], 'the rest; what A holds is not given to B');
      assert.deepEqual(await claim('B', 2_000), [], 'nothing is free');
      assert.deepEqual(await claim('C', LEASE - 1), [], 'a lease still running is held');
      assert.deepEqual(await claim('C', LEASE, { ids: ['l_3', 'l_done', 'l_failed', 'l_none'] }), ['l_3'], 'an expired lease is free; only the ids asked for; never a finished asset');
      assert.deepEqual(await claim('A', LEASE + 500), ['l_2'], "A's other lease expired too: anyone, A included, may claim it again");
      assert.deepEqual(await catalog.getAsset('l_1'), l1, 'the lease is not part of the record');
    });

    test('concurrent claims never give one asset to two owners', async () => {
      await catalog.putGroup(group('lc'));
      const ids = Array.from({ length: 12 }, (_, i) => `c_${String(i).padStart(2, '0')}`);
      for (const id of ids) await catalog.putAsset(asset(id, 'lc'));
      const owners = ['P', 'Q', 'R', 'S'];
      const results = await Promise.all(owners.map((o) => catalog.claimIngest({ owner: o, now: at(0), leaseMs: LEASE, limit: 4, ids })));
      const claimed = results.flatMap((r) => r.map((a) => a.id));
      assert.equal(claimed.length, ids.length, 'every asset claimed');
      assert.deepEqual(new Set(claimed), new Set(ids), 'each asset exactly once');
      for (const r of results) assert.ok(r.length <= 4, 'no claimer over its limit');
    });

    test('renew extends only the leases the owner still holds; release frees them at once', async () => {
      await catalog.putGroup(group('lr'));
      for (const id of ['r_1', 'r_2', 'r_3']) await catalog.putAsset(asset(id, 'lr'));
      const ids = ['r_1', 'r_2', 'r_3'];
      assert.deepEqual(await claim('A', 0, { ids }), ids);
      // Renewed at 20 s, A's leases run to 50 s.
      assert.deepEqual(await catalog.renewIngestLeases({ owner: 'A', ids: [...ids, 'r_none'], now: at(20_000), leaseMs: LEASE }), ids);
      assert.deepEqual(await catalog.renewIngestLeases({ owner: 'B', ids, now: at(20_000), leaseMs: LEASE }), [], 'B holds nothing');
      assert.deepEqual(await claim('B', 40_000, { ids }), [], 'still held after the first lease would have ended');
      await catalog.releaseIngestLeases({ owner: 'B', ids }); // not B's: nothing happens
      assert.deepEqual(await claim('B', 40_000, { ids }), []);
      await catalog.releaseIngestLeases({ owner: 'A', ids: ['r_1'] });
      assert.deepEqual(await claim('B', 40_000, { ids }), ['r_1'], 'released: free at once');
      assert.deepEqual(await catalog.renewIngestLeases({ owner: 'A', ids, now: at(41_000), leaseMs: LEASE }), ['r_2', 'r_3'], 'r_1 was lost');
      // An expired lease nobody claimed since is still its owner's to renew.
      assert.deepEqual(await catalog.renewIngestLeases({ owner: 'A', ids: ['r_2'], now: at(100_000), leaseMs: LEASE }), ['r_2']);
      assert.deepEqual(await claim('C', 100_000, { ids: ['r_2', 'r_3'] }), ['r_3'], 'r_2 renewed, r_3 expired');
    });

    test("an ingest's writes come only from the lease holder; PLAYABLE or FAILED ends the lease", async () => {
      await catalog.putGroup(group('lw'));
      const w1 = asset('w_1', 'lw');
      await catalog.putAsset(w1);
      await catalog.putAsset(asset('w_2', 'lw'));
      assert.equal(await catalog.setIngestStatus({ id: 'w_1', owner: 'A', status: 'PROCESSING' }), false, 'nobody holds it: refused');
      assert.deepEqual(await claim('A', 0, { ids: ['w_1', 'w_2'] }), ['w_1', 'w_2']);
      assert.equal(await catalog.setIngestStatus({ id: 'w_1', owner: 'A', status: 'PROCESSING' }), true);
      assert.equal((await catalog.getAsset('w_1'))!.status, 'PROCESSING');
      // A stalls; its lease expires; B takes the asset over and finishes it.
      assert.deepEqual(await claim('B', LEASE + 1, { ids: ['w_1'] }), ['w_1']);
      assert.equal(await catalog.putIngestIndex({ id: 'w_1', owner: 'B', index: new Uint8Array([2, 2]) }), true);
      assert.equal(await catalog.setIngestStatus({ id: 'w_1', owner: 'B', status: 'PLAYABLE' }), true);
      // A comes back: its outcome is refused, and B's stays.
      assert.equal(await catalog.putIngestIndex({ id: 'w_1', owner: 'A', index: new Uint8Array([1]) }), false);
      assert.equal(await catalog.setIngestStatus({ id: 'w_1', owner: 'A', status: 'FAILED', reason: 'SOURCE_TIMEOUT: late' }), false);
      assert.deepEqual({ ...(await catalog.getAsset('w_1'))! }, { ...w1, status: 'PLAYABLE' }, "B's outcome, and no lease in the record");
      assert.deepEqual([...(await catalog.getAssetIndex('w_1'))!], [2, 2]);
      assert.equal(await catalog.setIngestStatus({ id: 'w_1', owner: 'B', status: 'FAILED', reason: 'again' }), false, 'PLAYABLE ended the lease');
      assert.deepEqual(await catalog.renewIngestLeases({ owner: 'B', ids: ['w_1'], now: at(LEASE + 2), leaseMs: LEASE }), []);
      assert.deepEqual(await claim('C', 10 * LEASE, { ids: ['w_1'] }), [], 'finished: never claimed again');

      // FAILED with a reason, from the holder; a deleted asset takes no write.
      assert.equal(await catalog.setIngestStatus({ id: 'w_2', owner: 'A', status: 'FAILED', reason: 'SOURCE_NOT_FOUND: gone' }), true);
      assert.equal((await catalog.getAsset('w_2'))!.statusReason, 'SOURCE_NOT_FOUND: gone');
      assert.deepEqual(await catalog.renewIngestLeases({ owner: 'A', ids: ['w_2'], now: at(1), leaseMs: LEASE }), [], 'FAILED ended the lease');
      await catalog.putAsset(asset('w_3', 'lw'));
      assert.deepEqual(await claim('A', 0, { ids: ['w_3'] }), ['w_3']);
      await catalog.deleteAsset('w_3');
      assert.equal(await catalog.setIngestStatus({ id: 'w_3', owner: 'A', status: 'PLAYABLE' }), false);
      assert.equal(await catalog.putIngestIndex({ id: 'w_3', owner: 'A', index: new Uint8Array([1]) }), false);
      assert.equal(await catalog.getAsset('w_3'), undefined);
    });
  });
}
