import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { KinoraConfig } from '../config/KinoraConfig.ts';
import { openKinora, type Kinora } from '../config/openKinora.ts';
import { ensureDefaultPackaging, DEFAULT_GROUP_ID } from '../catalog/ensureDefaultPackaging.ts';
import { createAsset } from '../catalog/createAsset.ts';
import { ARN_REGION } from '../catalog/arns.ts';
import { IngestQueue } from '../control/IngestQueue.ts';
import { EndpointKeyHealth } from '../control/EndpointKeyHealth.ts';
import { startKinoraServer } from '../control/startKinoraServer.ts';
import { printAsset } from './printAsset.ts';

/**
 * `kinora serve`: egress, the MediaPackage VOD control plane, health and
 * metrics on one port. `kinora start` (`npm start`) is the same plus the
 * embedded defaults: the default packaging group and, on first start, a
 * sample asset made with ffmpeg, whose URLs it prints.
 */
export async function serve(config: KinoraConfig, options: { defaults: boolean; sample: boolean }): Promise<void> {
  const kinora = openKinora(config);
  if (options.defaults) {
    await ensureDefaultPackaging(kinora.catalog);
    if (options.sample && !(await kinora.catalog.getAsset('sample'))) {
      console.log('Generating the sample asset with ffmpeg (first start only)...');
      await addSample(kinora);
    }
  }
  const server = await startKinoraServer({ config, kinora });
  const url = server.url;
  console.log(`Kinora listening on ${url} (data in ${config.dataDir})`);
  console.log(`  egress         ${server.publicUrl()}/out/v1/...`);
  console.log(`  control plane  ${url} (AWS MediaPackage VOD API, Signature V4, service mediapackage-vod, any region)`);
  console.log(`  event bus      ${url} (EventBridge API, Signature V4, service events)`);
  console.log(`  console        ${url}/console`);
  console.log(`  ops            ${url}/healthz  ${url}/metrics`);
  const key = server.accessKey;
  if (key.source === 'generated') {
    console.log(`\nA control-plane access key was generated into ${key.path} (mode 0600). It is shown this once:`);
    console.log(`  AWS_ACCESS_KEY_ID=${key.key.accessKeyId}`);
    console.log(`  AWS_SECRET_ACCESS_KEY=${key.key.secretAccessKey}`);
  } else if (key.source === 'file') {
    console.log(`  access key     ${key.key.accessKeyId} (secret in ${key.path})`);
  } else {
    console.log(`  access key     ${key.key.accessKeyId} (from KINORA_ACCESS_KEY_ID / KINORA_SECRET_ACCESS_KEY)`);
  }
  const shown = key.path && !relative(process.cwd(), key.path).startsWith('..') ? relative(process.cwd(), key.path) : key.path;
  if (shown) console.log(`  try: AWS_SHARED_CREDENTIALS_FILE=${shown} aws mediapackage-vod list-packaging-groups --endpoint-url ${url} --region ${ARN_REGION}`);
  if (server.recovered.length > 0) console.log(`\nRe-ingesting ${server.recovered.length} asset(s) a previous run left unfinished: ${server.recovered.join(', ')}`);
  for (const a of await kinora.catalog.listAssets()) await printAsset(kinora.catalog, server.publicUrl(), a);
  const sample = await kinora.catalog.getAsset('sample');
  if (sample?.status === 'PLAYABLE') {
    const dash = (await server.control.describeAsset('sample')) as { egressEndpoints: { url: string }[] };
    const first = dash.egressEndpoints.find((e) => e.url.endsWith('.mpd')) ?? dash.egressEndpoints[0];
    if (first) console.log(`\nPlay the sample in the browser: ${url}/console/player?url=${encodeURIComponent(first.url)}`);
  }
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function addSample(kinora: Kinora): Promise<void> {
  const { ensureFixture } = await import('../../scripts/fixtures.ts');
  const playlist = await ensureFixture('ladder');
  const dir = dirname(playlist);
  for (const name of await readdir(dir)) await kinora.store.putFile('samples', `ladder/${name}`, join(dir, name));
  const asset = await createAsset(kinora.catalog, { id: 'sample', packagingGroupId: DEFAULT_GROUP_ID, sourceArn: `s3://samples/ladder/${basename(playlist)}` });
  const keyHealth = new EndpointKeyHealth({ catalog: kinora.catalog, keys: kinora.keys });
  // Under its ingest lease (IngestQueue), so that another server on the same database never ingests it too (if one
  // claimed it first, that one ingests it and this start goes on without waiting).
  const queue = new IngestQueue({ catalog: kinora.catalog, reader: kinora.reader, concurrency: 1, prepareEndpoints: (a) => keyHealth.checkAsset(a) });
  queue.enqueue(asset.id);
  await queue.idle();
  await queue.close();
}
