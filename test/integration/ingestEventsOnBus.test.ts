/**
 * MediaPackage's ingest events reach the server's own event bus: a rule on
 * `aws.mediapackage` (as a user writes it for "transcode, then package, then
 * notify") fires its target with IngestStart, IngestComplete and one
 * VodAssetPlayable per configuration for an asset created through the
 * control plane (EventBridge does not promise delivery order, nor does the bus). The server runs with its default event sink
 * (the bus), not a test sink.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startKinoraServer, type KinoraServer } from '../../src/control/startKinoraServer.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import type { EventBridgeEvent } from '../../src/events/EventBridgeEvent.ts';
import { ensureFixture } from '../../scripts/fixtures.ts';

let dataDir: string;
let server: KinoraServer;
const received: { event: EventBridgeEvent; input: unknown }[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kinora-ingest-bus-'));
  cpSync(dirname(await ensureFixture('ladder')), join(dataDir, 'buckets', 'media', 'ladder'), { recursive: true });
  server = await startKinoraServer({ config: { ...configFromEnv({}), dataDir, port: 0 }, listen: false, accessLog: () => {} });
  server.bus.functions.set('notify', async (event, input) => {
    received.push({ event, input });
    return {};
  });
});

after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a rule on aws.mediapackage gets IngestStart, IngestComplete and VodAssetPlayable per configuration', async () => {
  await server.bus.rules.putRule({ Name: 'packaged', EventPattern: JSON.stringify({ source: ['aws.mediapackage'], 'detail-type': ['MediaPackage Input Notification'] }) });
  await server.bus.rules.putTargets({ Rule: 'packaged', Targets: [{ Id: 'notify', Arn: 'arn:kinora:function:::notify', InputPath: '$.detail' }] });
  await server.control.createPackagingGroup({ id: 'shows' });
  await server.control.createPackagingConfiguration({ id: 'shows-dash', packagingGroupId: 'shows', dashPackage: { dashManifests: [{}] } });
  await server.control.createPackagingConfiguration({ id: 'shows-cmaf', packagingGroupId: 'shows', cmafPackage: { hlsManifests: [{}] } });
  await server.control.createAsset({ id: 'episode-1', packagingGroupId: 'shows', sourceArn: 'arn:aws:s3:::media/ladder/ladder.m3u8', sourceRoleArn: 'arn:aws:iam::111122223333:role/read' });
  await server.ingest.idle();
  // Ingest awaits each event's emit, so its deliveries are queued by now.
  await server.bus.whenIdle();
  const details = received.map((r) => r.input as { event: string; packaging_configuration_id?: string; message: string });
  assert.deepEqual(details.map((d) => d.event).sort(), ['IngestComplete', 'IngestStart', 'VodAssetPlayable', 'VodAssetPlayable'], JSON.stringify(details));
  assert.deepEqual(details.slice(2).map((d) => d.packaging_configuration_id).sort(), ['shows-cmaf', 'shows-dash']);
  const asset = (await server.kinora.catalog.getAsset('episode-1'))!;
  for (const { event } of received) {
    assert.equal(event.source, 'aws.mediapackage');
    assert.equal(event.resources[0], asset.arn);
  }
});
