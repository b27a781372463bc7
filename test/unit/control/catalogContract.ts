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
}
