import Fastify, { type FastifyInstance } from 'fastify';
import { startOrigin, type TestOrigin } from '../../support/startOrigin.ts';
import { buildOriginApp } from '../../../src/origin/buildOriginApp.ts';
import { egressUrls } from '../../../src/origin/egressUrls.ts';
import { openContentKeys } from '../../../src/keys/openContentKeys.ts';
import type { ContentKeys } from '../../../src/keys/ContentKeys.ts';
import { arnOf } from '../../../src/catalog/arns.ts';
import { newHash } from '../../../src/catalog/newHash.ts';
import { DEFAULT_GROUP_ID } from '../../../src/catalog/ensureDefaultPackaging.ts';
import type { PackageSettings } from '../../../src/catalog/records.ts';
import type { FixtureName } from '../../../scripts/fixtures.ts';

export interface EncryptedOrigin {
  origin: TestOrigin;
  keys: ContentKeys;
  app: FastifyInstance;
  baseUrl: string;
  /** assetId -> configurationId -> manifest URL. */
  urls: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

/**
 * A test origin (fixtures ingested into a temporary data dir) whose app also
 * has the built-in key store of that data dir, listening on 127.0.0.1, with
 * `configurations` added to the default packaging group.
 */
export async function startEncryptedOrigin(options: { fixtures: FixtureName[]; configurations: Record<string, PackageSettings>; withKeys?: boolean }): Promise<EncryptedOrigin> {
  const origin = await startOrigin({ fixtures: options.fixtures });
  for (const [id, settings] of Object.entries(options.configurations)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: DEFAULT_GROUP_ID, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  const keys = openContentKeys({ dataDir: origin.kinora.config.dataDir, masterKey: 'a'.repeat(64) });
  const app = buildOriginApp({ catalog: origin.kinora.catalog, packager: origin.kinora.packager, keys: options.withKeys === false ? undefined : keys, accessLog: () => {} }, Fastify({ logger: false }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const group = (await origin.kinora.catalog.getGroup(DEFAULT_GROUP_ID))!;
  const configurations = await origin.kinora.catalog.listConfigurations(DEFAULT_GROUP_ID);
  const urls: Record<string, Record<string, string>> = {};
  for (const [id, asset] of Object.entries(origin.assets)) urls[id] = Object.fromEntries(egressUrls(baseUrl, group, configurations, asset).map((e) => [e.packagingConfigurationId, e.url]));
  return {
    origin,
    keys,
    app,
    baseUrl,
    urls,
    async close() {
      await app.close();
      await keys.close();
      await origin.close();
    },
  };
}
