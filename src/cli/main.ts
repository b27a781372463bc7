#!/usr/bin/env node
/**
 * `kinora start`              start the origin with embedded defaults, creating a sample asset on first run
 * `kinora asset add <source>` register and ingest an HLS asset (local path, s3://bucket/key or arn:aws:s3:::bucket/key)
 * `kinora asset list`         list assets with their status and egress URLs
 */
import { parseArgs } from 'node:util';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { configFromEnv, type KinoraConfig } from '../config/KinoraConfig.ts';
import { openKinora, type Kinora } from '../config/openKinora.ts';
import { ensureDefaultPackaging, DEFAULT_GROUP_ID } from '../catalog/ensureDefaultPackaging.ts';
import { createAsset } from '../catalog/createAsset.ts';
import { ingestAsset } from '../ingest/ingestAsset.ts';
import { buildOriginApp } from '../origin/buildOriginApp.ts';
import { egressUrls } from '../origin/egressUrls.ts';
import type { AssetRecord } from '../catalog/records.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    id: { type: 'string' },
    group: { type: 'string' },
    'no-sample': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const config: KinoraConfig = {
  ...configFromEnv(),
  ...(values.data ? { dataDir: resolve(values.data) } : {}),
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values.host ? { host: values.host } : {}),
};
const baseUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;

const [command, sub, arg] = positionals;
if (values.help || !command) usage(0);
else if (command === 'start') await start();
else if (command === 'asset' && sub === 'add' && arg) await assetAdd(arg);
else if (command === 'asset' && sub === 'list') await assetList();
else usage(2);

function usage(code: number): never {
  console.log(`usage:
  kinora start [--data DIR] [--host 127.0.0.1] [--port 8080] [--no-sample]
  kinora asset add <multivariant.m3u8 | s3://bucket/key | arn:aws:s3:::bucket/key> [--id ID] [--group GROUP]
  kinora asset list [--data DIR]
environment: KINORA_DATA_DIR, KINORA_HOST, KINORA_PORT, KINORA_PUBLIC_URL, KINORA_SOURCE_TIMEOUT_MS, KINORA_SEGMENT_CACHE_BYTES`);
  process.exit(code);
}

async function start(): Promise<void> {
  const kinora = openKinora(config);
  await ensureDefaultPackaging(kinora.catalog);
  // A restart never leaves an asset stuck: anything queued or mid-ingest is ingested again from the start.
  for (const a of await kinora.catalog.listAssets()) {
    if (a.status === 'QUEUED' || a.status === 'PROCESSING') await ingestAsset(kinora.catalog, kinora.reader, a);
  }
  if (!values['no-sample'] && !(await kinora.catalog.getAsset('sample'))) {
    console.log('Generating the sample asset with ffmpeg (first start only)...');
    await addSample(kinora);
  }
  const app = buildOriginApp({ catalog: kinora.catalog, packager: kinora.packager }, Fastify({ logger: false }));
  await app.listen({ host: config.host, port: config.port });
  console.log(`Kinora origin listening on ${baseUrl} (data in ${config.dataDir})`);
  for (const a of await kinora.catalog.listAssets()) await printAsset(kinora, a);
  const stop = async () => {
    await app.close();
    await kinora.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function addSample(kinora: Kinora): Promise<void> {
  const { ensureFixture } = await import('../../scripts/fixtures.ts');
  const playlist = await ensureFixture('ladder');
  const dir = dirname(playlist);
  for (const name of await readdir(dir)) await kinora.store.put('samples', `ladder/${name}`, await readFile(join(dir, name)));
  const asset = await createAsset(kinora.catalog, { id: 'sample', packagingGroupId: DEFAULT_GROUP_ID, sourceArn: `s3://samples/ladder/${basename(playlist)}` });
  await ingestAsset(kinora.catalog, kinora.reader, asset);
}

async function assetAdd(source: string): Promise<void> {
  const kinora = openKinora(config);
  await ensureDefaultPackaging(kinora.catalog);
  const sourceArn = /^(s3|arn|file):/.test(source) ? source : pathToFileURL(resolve(source)).href;
  const id = values.id ?? `${basename(source).replace(/\.m3u8$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}_${Date.now()}`;
  const asset = await createAsset(kinora.catalog, { id, packagingGroupId: values.group ?? DEFAULT_GROUP_ID, sourceArn });
  const done = await ingestAsset(kinora.catalog, kinora.reader, asset);
  await printAsset(kinora, done);
  await kinora.close();
  if (done.status !== 'PLAYABLE') process.exit(1);
}

async function assetList(): Promise<void> {
  const kinora = openKinora(config);
  for (const a of await kinora.catalog.listAssets()) await printAsset(kinora, a);
  await kinora.close();
}

async function printAsset(kinora: Kinora, asset: AssetRecord): Promise<void> {
  const group = await kinora.catalog.getGroup(asset.packagingGroupId);
  if (!group) return;
  console.log(`\nasset ${asset.id}: ${asset.status}${asset.statusReason ? ` (${asset.statusReason})` : ''}`);
  if (asset.status !== 'PLAYABLE') return;
  for (const e of egressUrls(baseUrl, group, await kinora.catalog.listConfigurations(group.id), asset)) console.log(`  ${e.packagingConfigurationId.padEnd(24)} ${e.url}`);
}
