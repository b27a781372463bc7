#!/usr/bin/env node
/**
 * The `kinora` command. `serve` runs the server; `start` (`npm start`) also
 * sets up the embedded defaults and a sample asset; `group`, `config` and
 * `asset` call the MediaPackage VOD control plane on the data dir directly;
 * `secret` manages CDN-authorization secrets. Run `kinora --help`.
 */
import { parseArgs } from 'node:util';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configFromEnv, type KinoraConfig } from '../config/KinoraConfig.ts';
import { openKinora } from '../config/openKinora.ts';
import { ensureDefaultPackaging, DEFAULT_GROUP_ID } from '../catalog/ensureDefaultPackaging.ts';
import { createAsset } from '../catalog/createAsset.ts';
import { ARN_ACCOUNT } from '../catalog/arns.ts';
import { IngestQueue } from '../control/IngestQueue.ts';
import type { AssetRecord } from '../catalog/records.ts';
import type { Catalog } from '../catalog/Catalog.ts';
import { EndpointKeyHealth } from '../control/EndpointKeyHealth.ts';
import { KinoraError } from '../errors/KinoraError.ts';
import { serve } from './serve.ts';
import { printAsset } from './printAsset.ts';
import { openCliControlPlane } from './openCliControlPlane.ts';
import { eventsCommand, jobsCommand, transcodeCommand } from './transcodeCommands.ts';

const USAGE = `usage:
  kinora serve  [--data DIR] [--host 127.0.0.1] [--port 8080] [--public-url URL]
  kinora start  [same options] [--no-sample]      serve, plus the default group and a sample asset (npm start)

  kinora group  create <id> [--cdn-secret ARN --secrets-role ARN] [--log-group NAME] [--tag k=v ...]
  kinora group  update <id> [--cdn-secret ARN --secrets-role ARN]   (no flags: remove CDN authorization)
  kinora group  list | describe <id> | delete <id>
  kinora config create <id> --group G --type cmaf|dash|hls|mss [--segment-seconds N] [--json '{...package fields}'] [--tag k=v ...]
  kinora config list [--group G] | describe <id> | delete <id>
  kinora asset  create <id> --group G --source arn:aws:s3:::bucket/key.m3u8|s3://bucket/key.m3u8 [--role ARN] [--tag k=v ...]
  kinora asset  add <multivariant.m3u8 | s3://bucket/key | arn:aws:s3:::bucket/key> [--id ID] [--group GROUP]
  kinora asset  list [--group G] | describe <id> | delete <id>
  kinora secret put <arn> <value> | list | delete <arn>
  kinora transcode <file | s3://bucket/key> [--dest s3://bucket/prefix/] [--template JSON] [--follow]
  kinora jobs   list | describe <id> | cancel <id>
  kinora events rules | deliveries | dead-letters | replay <dead-letter id>

Buckets are folders: s3://B/K is <data>/buckets/B/K (or S3 with KINORA_S3_ENDPOINT). create/describe print the API's JSON.
environment (see README.md): KINORA_DATA_DIR, DATABASE_URL, KINORA_HOST, KINORA_PORT (or PORT), KINORA_PUBLIC_URL,
  KINORA_ACCESS_KEY_ID, KINORA_SECRET_ACCESS_KEY, KINORA_SECRETS_KEY, KINORA_KEYS_KEY, KINORA_PLAYREADY_LA_URL,
  KINORA_KEY_FAILURE_HOLD_MS, KINORA_INGEST_CONCURRENCY, KINORA_MAX_PACKAGING_GROUPS,
  KINORA_MAX_CONFIGURATIONS_PER_GROUP, KINORA_MAX_ASSETS_PER_GROUP, KINORA_API_BODY_LIMIT_BYTES,
  KINORA_SOURCE_TIMEOUT_MS, KINORA_SOURCE_HOSTS, KINORA_SOURCE_POLICIES, KINORA_SEGMENT_CACHE_BYTES,
  KINORA_S3_ENDPOINT, KINORA_STORAGE, KINORA_WATCH, KINORA_WATCH_STABLE_MS, KINORA_TRANSCODE_CONCURRENCY,
  KINORA_TRANSCODE_INPUT_HOSTS, KINORA_EGRESS_LOGS, KINORA_REGION, KINORA_ACCOUNT_ID`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'public-url': { type: 'string' },
    id: { type: 'string' },
    group: { type: 'string' },
    type: { type: 'string' },
    'segment-seconds': { type: 'string' },
    json: { type: 'string' },
    source: { type: 'string' },
    role: { type: 'string' },
    'cdn-secret': { type: 'string' },
    'secrets-role': { type: 'string' },
    'log-group': { type: 'string' },
    tag: { type: 'string', multiple: true },
    'no-sample': { type: 'boolean' },
    dest: { type: 'string' },
    template: { type: 'string' },
    follow: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const config: KinoraConfig = configOf(values);

/** The environment's settings with the flags over them, checked alike (`--port abc` is refused as KINORA_PORT=abc would be). */
function configOf(flags: typeof values): KinoraConfig {
  const env = { ...process.env };
  if (flags.data) env.KINORA_DATA_DIR = resolve(flags.data);
  if (flags.port) env.KINORA_PORT = flags.port;
  if (flags.host) env.KINORA_HOST = flags.host;
  if (flags['public-url']) env.KINORA_PUBLIC_URL = flags['public-url'];
  try {
    return configFromEnv(env);
  } catch (e) {
    if (!(e instanceof KinoraError)) throw e;
    console.error(`kinora: ${e.code}: ${e.message.replace(/^KINORA_PORT=/, '--port / KINORA_PORT=')}`);
    process.exit(2);
  }
}

const [command, sub, arg, arg2] = positionals;
try {
  if (values.help || !command) usage(0);
  else if (command === 'serve') await serve(config, { defaults: false, sample: false });
  else if (command === 'start') await serve(config, { defaults: true, sample: !values['no-sample'] });
  else if (command === 'asset' && sub === 'add' && arg) await assetAdd(arg);
  else if (command === 'asset' && sub === 'list') await assetList();
  else if (command === 'secret') await secretCommand(sub, arg, arg2);
  else if (command === 'transcode' && sub) await transcodeCommand(config, sub, { dest: values.dest, template: values.template, follow: values.follow });
  else if (command === 'jobs') (await jobsCommand(config, sub, arg)) || usage(2);
  else if (command === 'events') (await eventsCommand(config, sub, arg)) || usage(2);
  else if (command === 'group' || command === 'config' || command === 'asset') await resourceCommand(command, sub, arg);
  else usage(2);
} catch (e) {
  if (!(e instanceof KinoraError)) throw e;
  console.error(`kinora: ${e.code}: ${e.message}`);
  process.exit(1);
}

function usage(code: number): never {
  console.log(USAGE);
  process.exit(code);
}

async function resourceCommand(kind: 'group' | 'config' | 'asset', verb: string | undefined, id: string | undefined): Promise<void> {
  const cli = openCliControlPlane(config);
  const c = cli.control;
  const print = (body: unknown) => console.log(JSON.stringify(body, null, 2));
  const needId = (): string => id ?? usage(2);
  try {
    if (verb === 'list') {
      const query = { packagingGroupId: values.group };
      const all: unknown[] = [];
      let nextToken: string | undefined;
      do {
        const page: any = kind === 'group' ? await c.listPackagingGroups({ nextToken }) : kind === 'config' ? await c.listPackagingConfigurations({ ...query, nextToken }) : await c.listAssets({ ...query, nextToken });
        all.push(...(page.packagingGroups ?? page.packagingConfigurations ?? page.assets));
        nextToken = page.nextToken;
      } while (nextToken);
      print(all);
    } else if (verb === 'describe') {
      print(kind === 'group' ? await c.describePackagingGroup(needId()) : kind === 'config' ? await c.describePackagingConfiguration(needId()) : await c.describeAsset(needId()));
    } else if (verb === 'delete') {
      if (kind === 'group') await c.deletePackagingGroup(needId());
      else if (kind === 'config') await c.deletePackagingConfiguration(needId());
      else await c.deleteAsset(needId());
      console.log(`deleted ${kind} ${needId()}`);
    } else if (verb === 'create' && kind === 'group') {
      print(await c.createPackagingGroup({ id: needId(), ...authorizationFlags(), ...(values['log-group'] ? { egressAccessLogs: { logGroupName: values['log-group'] } } : {}), ...tagFlags() }));
    } else if (verb === 'update' && kind === 'group') {
      print(await c.updatePackagingGroup(needId(), authorizationFlags()));
    } else if (verb === 'create' && kind === 'config') {
      const type = values.type ?? usage(2);
      const manifests = { cmaf: 'hlsManifests', hls: 'hlsManifests', dash: 'dashManifests', mss: 'mssManifests' }[type];
      if (!manifests) usage(2);
      const extra = values.json ? JSON.parse(values.json) : {};
      const pkg = { [manifests]: [{}], ...(values['segment-seconds'] ? { segmentDurationSeconds: Number(values['segment-seconds']) } : {}), ...extra };
      print(await c.createPackagingConfiguration({ id: needId(), packagingGroupId: values.group ?? usage(2), [`${type}Package`]: pkg, ...tagFlags() }));
    } else if (verb === 'create' && kind === 'asset') {
      const source = values.source ?? usage(2);
      const sourceArn = source.startsWith('s3://') ? `arn:aws:s3:::${source.slice('s3://'.length)}` : source;
      const created = await c.createAsset({
        id: needId(),
        packagingGroupId: values.group ?? usage(2),
        sourceArn,
        // Kinora has no IAM: the role is required by the API, stored and returned, never assumed.
        sourceRoleArn: values.role ?? `arn:aws:iam::${ARN_ACCOUNT}:role/kinora-local`,
        ...tagFlags(),
      });
      await untilIngested(cli.ingest, cli.kinora.catalog, created.id);
      const done = await c.describeAsset(created.id);
      print(done);
      if (done.egressEndpoints.some((e) => e.status !== 'PLAYABLE')) process.exitCode = 1;
    } else {
      usage(2);
    }
  } finally {
    await cli.close();
  }
}

async function secretCommand(verb: string | undefined, arn: string | undefined, value: string | undefined): Promise<void> {
  const cli = openCliControlPlane(config);
  try {
    if (verb === 'put' && arn && value !== undefined) {
      // [UG:cdn-auth]: the CDN identifier is a UUIDv4 or 8 to 128 characters.
      if (value.length < 8 || value.length > 128) throw new KinoraError('INVALID_REQUEST', `a CDN identifier is 8 to 128 characters; this one has ${value.length}`);
      await cli.secrets.put(arn, value);
      console.log(`stored secret ${arn} (encrypted in ${config.dataDir}/secrets.json)`);
    } else if (verb === 'list') {
      for (const a of await cli.secrets.list()) console.log(a);
    } else if (verb === 'delete' && arn) {
      if (!(await cli.secrets.delete(arn))) throw new KinoraError('RESOURCE_NOT_FOUND', `no secret ${arn}`);
      console.log(`deleted secret ${arn}`);
    } else {
      usage(2);
    }
  } finally {
    await cli.close();
  }
}

function authorizationFlags(): { authorization?: { cdnIdentifierSecret: string; secretsRoleArn: string } } {
  const secret = values['cdn-secret'];
  if (!secret) return {};
  return { authorization: { cdnIdentifierSecret: secret, secretsRoleArn: values['secrets-role'] ?? `arn:aws:iam::${ARN_ACCOUNT}:role/kinora-local` } };
}

function tagFlags(): { tags?: Record<string, string> } {
  if (!values.tag) return {};
  return { tags: Object.fromEntries(values.tag.map((t) => [t.split('=')[0], t.split('=').slice(1).join('=')])) };
}

/** Registers and ingests a local playlist or object (file:// allowed here, never through the API). */
async function assetAdd(source: string): Promise<void> {
  const kinora = openKinora(config);
  await ensureDefaultPackaging(kinora.catalog);
  const sourceArn = /^(s3|arn|file):/.test(source) ? source : pathToFileURL(resolve(source)).href;
  const id = values.id ?? `${basename(source).replace(/\.m3u8$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}_${Date.now()}`;
  const asset = await createAsset(kinora.catalog, { id, packagingGroupId: values.group ?? DEFAULT_GROUP_ID, sourceArn });
  // Encrypted configurations' keys are fetched at ingest, as the server does (an endpoint whose keys fail is FAILED).
  const keyHealth = new EndpointKeyHealth({ catalog: kinora.catalog, keys: kinora.keys });
  // Ingested under its ingest lease, as a server ingests (IngestQueue): see untilIngested.
  const queue = new IngestQueue({ catalog: kinora.catalog, reader: kinora.reader, concurrency: 1, prepareEndpoints: (a) => keyHealth.checkAsset(a) });
  const done = (await untilIngested(queue, kinora.catalog, asset.id)) ?? { ...asset, status: 'FAILED' as const, statusReason: 'the asset was deleted during ingest' };
  await queue.close();
  await printAsset(kinora.catalog, config.publicUrl ?? `http://${config.host}:${config.port}`, done);
  await kinora.close();
  if (done.status !== 'PLAYABLE') process.exit(1);
}

/**
 * Ingests an asset the command just created, in this process, under its
 * ingest lease (`queue.enqueue` claims it): a server on the same catalog
 * (this data dir, or DATABASE_URL) polls for unfinished assets nobody holds
 * and must not ingest it at the same time. Should a server claim it first
 * (between the create and the claim), this waits for that server's outcome,
 * claiming it again if that server's lease lapses. Returns the asset
 * PLAYABLE or FAILED, or undefined if it was deleted meanwhile.
 */
async function untilIngested(queue: IngestQueue, catalog: Catalog, id: string): Promise<AssetRecord | undefined> {
  for (;;) {
    queue.enqueue(id);
    await queue.idle();
    const asset = await catalog.getAsset(id);
    if (!asset || asset.status === 'PLAYABLE' || asset.status === 'FAILED') return asset;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function assetList(): Promise<void> {
  const kinora = openKinora(config);
  for (const a of await kinora.catalog.listAssets(values.group)) await printAsset(kinora.catalog, config.publicUrl ?? `http://${config.host}:${config.port}`, a);
  await kinora.close();
}
