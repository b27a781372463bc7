import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { openKinora, type Kinora } from '../../src/config/openKinora.ts';
import { configFromEnv } from '../../src/config/KinoraConfig.ts';
import { ensureDefaultPackaging, DEFAULT_GROUP_ID } from '../../src/catalog/ensureDefaultPackaging.ts';
import { createAsset } from '../../src/catalog/createAsset.ts';
import { ingestAsset } from '../../src/ingest/ingestAsset.ts';
import { buildOriginApp } from '../../src/origin/buildOriginApp.ts';
import { egressUrls } from '../../src/origin/egressUrls.ts';
import { newHash } from '../../src/catalog/newHash.ts';
import { arnOf } from '../../src/catalog/arns.ts';
import type { AssetRecord, PackageSettings } from '../../src/catalog/records.ts';
import { ensureFixture, type FixtureName } from '../../scripts/fixtures.ts';

/** Extra configurations every test origin has beside the defaults (`kinora-default-cmaf`, `kinora-default-dash`). */
export const testConfigurations: Record<string, PackageSettings> = {
  'dash-time': { dashPackage: { dashManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, segmentTemplateFormat: 'TIME_WITH_TIMELINE' } },
  'dash-duration': { dashPackage: { dashManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, segmentTemplateFormat: 'NUMBER_WITH_DURATION' } },
  'cmaf-2s': { cmafPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 2 } },
  'hls-ts': { hlsPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6 } },
  'hls-ts-groups': { hlsPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, useAudioRenditionGroup: true } },
  'cmaf-inband': { cmafPackage: { hlsManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, includeEncoderConfigurationInSegments: true } },
  'dash-inband': { dashPackage: { dashManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 6, includeEncoderConfigurationInSegments: true } },
  // DASH cenc with keys from the built-in store (ClearKey + W3C common pssh), as bench and tests use it.
  'dash-cenc-builtin': {
    dashPackage: {
      dashManifests: [{ manifestName: 'index' }],
      segmentDurationSeconds: 6,
      encryption: { spekeKeyProvider: { url: 'kinora:builtin', roleArn: 'arn:aws:iam::111122223333:role/kinora-keys', systemIds: ['e2719d58-a985-b3c9-781a-b030af78d30e', '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b'] } },
    },
  },
  'mss-2s': { mssPackage: { mssManifests: [{ manifestName: 'index' }], segmentDurationSeconds: 2 } },
};

export interface TestOrigin {
  kinora: Kinora;
  app: FastifyInstance;
  /** http://127.0.0.1:port when `listen` was requested. */
  baseUrl: string;
  assets: Record<string, AssetRecord>;
  /** assetId -> configurationId -> manifest URL (absolute when listening, else a path). */
  urls: Record<string, Record<string, string>>;
  /** Registers and ingests one more source (file path or URI). */
  addAsset(id: string, source: string): Promise<AssetRecord>;
  close(): Promise<void>;
}

/**
 * A real Kinora origin on embedded adapters in a temporary data dir, with the
 * named fixtures registered and ingested. `listen: true` binds 127.0.0.1 on a
 * free port (players and ffmpeg need a socket); otherwise use `app.inject()`.
 */
export async function startOrigin(options: { fixtures?: FixtureName[]; listen?: boolean; kinora?: (dataDir: string) => Kinora } = {}): Promise<TestOrigin> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinora-test-'));
  const kinora = options.kinora ? options.kinora(dataDir) : openKinora({ ...configFromEnv({}), dataDir, segmentCacheBytes: 0 });
  const { group } = await ensureDefaultPackaging(kinora.catalog);
  for (const [id, settings] of Object.entries(testConfigurations)) {
    await kinora.catalog.putConfiguration({ id, packagingGroupId: group.id, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const app = buildOriginApp({ catalog: kinora.catalog, packager: kinora.packager, keys: kinora.keys, accessLog: () => {} }, Fastify({ logger: false }));
  let baseUrl = '';
  if (options.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  } else {
    await app.ready();
  }
  const assets: Record<string, AssetRecord> = {};
  const urls: Record<string, Record<string, string>> = {};
  const addAsset = async (id: string, source: string) => {
    const sourceArn = /^(s3|file|arn):/.test(source) ? source : pathToFileURL(source).href;
    const created = await createAsset(kinora.catalog, { id, packagingGroupId: DEFAULT_GROUP_ID, sourceArn });
    const asset = await ingestAsset(created, { catalog: kinora.catalog, reader: kinora.reader });
    assets[id] = asset;
    urls[id] = Object.fromEntries(egressUrls(baseUrl, group, await kinora.catalog.listConfigurations(group.id), asset).map((e) => [e.packagingConfigurationId, e.url]));
    return asset;
  };
  for (const name of options.fixtures ?? []) await addAsset(name, await ensureFixture(name));
  return {
    kinora,
    app,
    baseUrl,
    assets,
    urls,
    addAsset,
    async close() {
      await app.close();
      await kinora.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
