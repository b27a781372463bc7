// A key provider failure becomes MediaPackage's KeyProviderError event, once per asset and
// configuration while the failures go on; a sink that throws changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyProviderNotifications } from '../../../src/keys/keyProviderNotifications.ts';
import { MemoryEventSink } from '../../../src/control/events/MemoryEventSink.ts';
import { KinoraError } from '../../../src/errors/KinoraError.ts';
import type { AssetRecord, PackagingConfigurationRecord } from '../../../src/catalog/records.ts';

const asset = { id: 'movie', hash: 'a'.repeat(32), arn: 'arn:aws:mediapackage-vod:us-east-1:000000000000:assets/movie' } as AssetRecord;
const configuration = { id: 'dash', hash: 'c'.repeat(32), arn: 'arn:aws:mediapackage-vod:us-east-1:000000000000:packaging-configurations/dash' } as PackagingConfigurationRecord;
const error = new KinoraError('KEY_PROVIDER_ERROR', 'SPEKE key server https://keys.example/speke: try 1: HTTP 500');

test('MediaPackage\'s envelope, at most one per asset and configuration per quiet period', () => {
  const sink = new MemoryEventSink();
  let clock = Date.parse('2026-05-01T10:00:00.123Z');
  const notify = keyProviderNotifications(sink, { quietMs: 60_000, now: () => clock });
  notify({ asset, configuration, url: 'https://keys.example/speke', error });
  clock += 30_000;
  notify({ asset, configuration, url: 'https://keys.example/speke', error });
  notify({ asset, configuration: { ...configuration, id: 'cmaf', hash: 'd'.repeat(32) }, url: 'https://keys.example/speke', error });
  clock += 31_000;
  notify({ asset, configuration, url: 'https://keys.example/speke', error });
  assert.equal(sink.events.length, 3);
  const [first] = sink.events;
  assert.deepEqual({ ...first, id: undefined }, {
    version: '0',
    id: undefined,
    'detail-type': 'MediaPackage Key Provider Notification',
    source: 'aws.mediapackage',
    account: first.account,
    time: '2026-05-01T10:00:00Z',
    region: first.region,
    resources: [asset.arn, configuration.arn],
    detail: {
      event: 'KeyProviderError',
      message: "Failed to get content keys from key provider https://keys.example/speke for asset 'movie' and PackagingConfiguration 'dash': SPEKE key server https://keys.example/speke: try 1: HTTP 500",
      packaging_configuration_id: 'dash',
    },
  });
  assert.match(first.id, /^[0-9a-f-]{36}$/);
  const throwing = keyProviderNotifications({ emit: () => { throw new Error('bus down'); } });
  assert.doesNotThrow(() => throwing({ asset, configuration, url: 'u', error }));
  const rejecting = keyProviderNotifications({ emit: () => Promise.reject(new Error('bus down')) });
  assert.doesNotThrow(() => rejecting({ asset, configuration, url: 'u', error }));
});
