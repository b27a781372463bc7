/**
 * Benchmark child: a real Kinora origin on the embedded adapters, in its own
 * process so its memory can be read alone from /proc/<pid>/status.
 *
 * Two modes, so that ingest (which parses every source byte) never inflates
 * the serving process's peak RSS:
 *
 * - `--prepare <dataDir> --fixtures ladder,long`: registers and ingests the
 *   fixtures into `<dataDir>` through `startOrigin` (the test helper), prints
 *   `{ prepared: true, ingestSeconds, indexBytes }` (source index size per
 *   asset) and exits.
 * - `--serve <dataDir> [--segment-cache-bytes N]`: opens that data dir
 *   read-only-in-practice, listens on 127.0.0.1:0, and prints one JSON line
 *   `{ ready, pid, baseUrl, urls }` (assetId -> configurationId -> manifest URL); then serves
 *   until SIGTERM (or until its parent goes away: stdin closes).
 */
import Fastify from 'fastify';
import { openKinora } from '../src/config/openKinora.ts';
import { configFromEnv } from '../src/config/KinoraConfig.ts';
import { buildOriginApp } from '../src/origin/buildOriginApp.ts';
import { egressUrls } from '../src/origin/egressUrls.ts';
import { startOrigin } from '../test/support/startOrigin.ts';
import type { FixtureName } from '../scripts/fixtures.ts';
import { benchConfigurations } from './benchConfigurations.ts';
import { arnOf } from '../src/catalog/arns.ts';
import { newHash } from '../src/catalog/newHash.ts';

const args = parseArgs(process.argv.slice(2));

if (args.prepare) {
  const started = performance.now();
  const fixtures = (args.fixtures ?? 'ladder').split(',') as FixtureName[];
  const dataDir = args.prepare;
  const origin = await startOrigin({ fixtures, kinora: () => openKinora({ ...configFromEnv({}), dataDir, segmentCacheBytes: 0 }) });
  const ingestSeconds = (performance.now() - started) / 1000;
  // The other encryption schemes, beside startOrigin's `dash-cenc-builtin`, for the encrypted-vs-clear rows.
  const group = (await origin.kinora.catalog.listGroups())[0];
  for (const [id, settings] of Object.entries(benchConfigurations)) {
    await origin.kinora.catalog.putConfiguration({ id, packagingGroupId: group.id, arn: arnOf('packaging-configurations', id), hash: newHash(), createdAt: new Date().toISOString(), tags: {}, ...settings });
  }
  // Measured here, not in the serving process, so that reading the index blobs does not count in its RSS.
  const indexBytes: Record<string, number> = {};
  for (const id of Object.keys(origin.assets)) indexBytes[id] = (await origin.kinora.catalog.getAssetIndex(id))?.byteLength ?? 0;
  await origin.close(); // removes startOrigin's own temp dir, not `dataDir`
  process.stdout.write(`${JSON.stringify({ prepared: true, ingestSeconds, indexBytes })}\n`);
} else if (args.serve) {
  const kinora = openKinora({ ...configFromEnv({}), dataDir: args.serve, segmentCacheBytes: Number(args['segment-cache-bytes'] ?? 0) });
  const app = buildOriginApp({ catalog: kinora.catalog, packager: kinora.packager, keys: kinora.keys, accessLog: () => {} }, Fastify({ logger: false }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const urls: Record<string, Record<string, string>> = {};
  for (const group of await kinora.catalog.listGroups()) {
    const configurations = await kinora.catalog.listConfigurations(group.id);
    for (const asset of await kinora.catalog.listAssets(group.id)) {
      urls[asset.id] = Object.fromEntries(egressUrls(baseUrl, group, configurations, asset).map((e) => [e.packagingConfigurationId, e.url]));
    }
  }
  const shutdown = async () => {
    await app.close();
    await kinora.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.stdin.on('end', shutdown).resume();
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid, baseUrl, urls })}\n`);
} else {
  process.stderr.write('usage: serveOrigin.ts --prepare <dataDir> [--fixtures a,b] | --serve <dataDir> [--segment-cache-bytes N]\n');
  process.exit(2);
}

function parseArgs(argv: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}
