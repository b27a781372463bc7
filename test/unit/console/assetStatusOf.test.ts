// The status the console shows for an asset, from its endpoints' statuses (MediaPackage has no asset status of its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetStatusOf } from '../../../console/src/aws/assetStatusOf.ts';
import type { Asset } from '../../../console/src/aws/MediaPackageVodApi.ts';

const asset = (statuses: string[], statusReason?: string) =>
  ({ id: 'a', egressEndpoints: statuses.map((status, i) => ({ packagingConfigurationId: `c${i}`, url: `http://k/${i}`, status })), ...(statusReason ? { statusReason } : {}) }) as unknown as Asset;

test('in progress wins, then failures: all FAILED is FAILED, some FAILED beside PLAYABLE is PARTIALLY_PLAYABLE', () => {
  assert.equal(assetStatusOf(asset(['PLAYABLE', 'PROCESSING', 'QUEUED'])), 'PROCESSING');
  assert.equal(assetStatusOf(asset(['PLAYABLE', 'QUEUED'])), 'QUEUED');
  assert.equal(assetStatusOf(asset(['PLAYABLE', 'PLAYABLE'])), 'PLAYABLE');
  assert.equal(assetStatusOf(asset(['FAILED', 'FAILED'])), 'FAILED');
  assert.equal(assetStatusOf(asset(['PLAYABLE', 'FAILED'])), 'PARTIALLY_PLAYABLE');
  assert.equal(assetStatusOf(asset(['FAILED', 'PROCESSING'])), 'PROCESSING');
});

test('no endpoints: FAILED when the asset has a reason, else NO_ENDPOINTS', () => {
  assert.equal(assetStatusOf(asset([], 'SOURCE_NOT_FOUND: s3://b/k does not exist')), 'FAILED');
  assert.equal(assetStatusOf(asset([])), 'NO_ENDPOINTS');
});
