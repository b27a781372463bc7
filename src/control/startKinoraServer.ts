import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KinoraConfig } from '../config/KinoraConfig.ts';
import { openKinora, type Kinora } from '../config/openKinora.ts';
import { openStores } from '../config/openStores.ts';
import { loadAccessKey, type LoadedAccessKey } from '../auth/loadAccessKey.ts';
import { loadSecretsKey } from '../auth/loadSecretsKey.ts';
import { FileSecretStore } from '../auth/FileSecretStore.ts';
import type { SecretStore } from '../auth/SecretStore.ts';
import type { EventSink } from './events/EventSink.ts';
import { mediaPackageIngestEvents } from './events/mediaPackageIngestEvents.ts';
import { EvictingEgressResolver } from './EvictingEgressResolver.ts';
import { IngestQueue, type IngestQueueDeps } from './IngestQueue.ts';
import { VodControlPlane } from './VodControlPlane.ts';
import { buildKinoraApp } from './buildKinoraApp.ts';
import { FileEgressAccessLogs } from './ops/FileEgressAccessLogs.ts';
import { EventBus } from '../events/bus/EventBus.ts';
import { registerEventBridgeApi } from '../events/api/registerEventBridgeApi.ts';
import { createVodAssetFunction } from '../events/functions/createVodAssetFunction.ts';
import { verifyFastifySigV4 } from '../auth/verifyFastifySigV4.ts';
import { createTranscoder, type Transcoder } from '../transcode/createTranscoder.ts';
import { WatchFolder } from '../transcode/WatchFolder.ts';
import { registerKinoraApi } from './kinoraApi/registerKinoraApi.ts';
import { registerSpekeServer } from '../keys/speke/registerSpekeServer.ts';
import { EndpointKeyHealth } from './EndpointKeyHealth.ts';
import { SourceHosts } from '../storage/SourceHosts.ts';

export interface KinoraServerOptions {
  config: KinoraConfig;
  /** Adapters; default `openKinora(config)`. Closed by `close()`. */
  kinora?: Kinora;
  /** Where MediaPackage events go; default the server's own event bus (which also receives transcoder events). */
  events?: EventSink;
  /** Control-plane key; default `loadAccessKey(config.dataDir)`. */
  accessKey?: LoadedAccessKey;
  /** CDN-authorization secrets; default `<dataDir>/secrets.json` with `loadSecretsKey`. */
  secrets?: SecretStore;
  accessLog?: (line: Record<string, unknown>) => void;
  /** Bind `config.host:config.port` (default true); false leaves the app for `inject()`. */
  listen?: boolean;
  /** Clock for SigV4 dates (tests). */
  now?: () => number;
  /** Ingest leases: owner id, lease and poll interval (tests; defaults in `IngestQueue`). */
  ingestLeases?: Pick<IngestQueueDeps, 'owner' | 'leaseMs' | 'pollIntervalMs'>;
}

export interface KinoraServer {
  app: FastifyInstance;
  kinora: Kinora;
  /** The EventBridge-compatible bus (rules, targets, deliveries); MediaPackage and transcoder events go on it. */
  bus: EventBus;
  transcoder: Transcoder;
  /** Running when `config.watch` is set. */
  watchFolder?: WatchFolder;
  control: VodControlPlane;
  ingest: IngestQueue;
  secrets: SecretStore;
  accessKey: LoadedAccessKey;
  /** Base URL of egress and `domainName` (the public URL, else where it listens). */
  publicUrl(): string;
  /** Where it listens (`http://host:port`), once listening. */
  url: string;
  /** Assets a previous run (or a dead process on the same database) left QUEUED or PROCESSING with no live ingest lease, now being ingested again. */
  recovered: string[];
  close(): Promise<void>;
}

/**
 * Starts a complete Kinora server on the embedded adapters: catalog, egress
 * with CDN authorization, the MediaPackage VOD control plane with its
 * background ingest queue and events, health and metrics. Re-ingests what a
 * crash left unfinished, and keeps polling for what a dead process on the
 * same database leaves (ingest leases, `IngestQueue`). `close()` stops ingest
 * (releasing its leases), the server and the catalog.
 */
export async function startKinoraServer(options: KinoraServerOptions): Promise<KinoraServer> {
  const { config } = options;
  const kinora = options.kinora ?? openKinora(config);
  // The event store and job store live with the catalog (SQLite files, or the PostgreSQL database of `databaseUrl`).
  // A Kinora assembled by hand brings only its catalog: they are then opened here, next to it, and closed with the server.
  const stores = kinora.stores ?? openStores(config, { catalog: kinora.catalog });
  const ownStores = stores === kinora.stores ? undefined : stores;
  try {
    await stores.ready();
  } catch (e) {
    await ownStores?.close();
    await kinora.close();
    throw e;
  }
  const { eventStore, jobStore } = stores;
  const accessKey = options.accessKey ?? loadAccessKey(config.dataDir);
  const secrets = options.secrets ?? new FileSecretStore(join(config.dataDir, 'secrets.json'), loadSecretsKey(config.dataDir));
  let listening: string | undefined;
  const publicUrl = () => config.publicUrl ?? listening ?? `http://${config.host}:${config.port}`;
  const resolver = new EvictingEgressResolver(kinora.catalog);
  const sourceHosts = new SourceHosts(config.sourceHosts);
  // The bus first: ingest and the transcoder publish to it; its built-in functions call the control plane.
  const bus = new EventBus({ store: eventStore });
  const sink: EventSink = options.events ?? { emit: async (event) => void (await bus.emit(event)) };
  // Encrypted endpoints: keys fetched at ingest, each endpoint's status kept true to its key provider.
  const keyHealth = new EndpointKeyHealth({ catalog: kinora.catalog, keys: kinora.keys });
  const stopKeyHealth = keyHealth.start();
  const ingest = new IngestQueue({
    catalog: kinora.catalog,
    reader: kinora.reader,
    concurrency: config.ingestConcurrency,
    observer: mediaPackageIngestEvents({ catalog: kinora.catalog, sink, publicUrl }),
    prepareEndpoints: (asset) => keyHealth.checkAsset(asset),
    ...options.ingestLeases,
  });
  const control = new VodControlPlane({
    catalog: kinora.catalog,
    ingest,
    secrets,
    publicUrl,
    quotas: { maxPackagingGroups: config.maxPackagingGroups, maxConfigurationsPerGroup: config.maxConfigurationsPerGroup, maxAssetsPerGroup: config.maxAssetsPerGroup },
    egress: resolver,
    checkSourceUrl: (url) => sourceHosts.checkUrl(url),
  });
  bus.functions.set('create-vod-asset', createVodAssetFunction(control));
  const transcoder = createTranscoder({
    store: jobStore,
    objectStore: kinora.store,
    tempDir: join(config.dataDir, 'tmp', 'transcode'),
    concurrency: config.transcodeConcurrency,
    inputPolicy: { allowedHttpsHosts: config.transcodeInputHosts },
    emit: async (event) => void (await bus.emit(event as unknown as Parameters<EventBus['emit']>[0])),
  });
  const watchFolder = config.watch
    ? new WatchFolder({ transcoder, store: jobStore, objectStore: kinora.store, bucket: config.watch.bucket, prefix: config.watch.prefix, stableMs: config.watchStableMs, pollIntervalMs: Math.min(2000, Math.max(200, config.watchStableMs / 2)), onError: (e, key) => console.error(`watch folder ${config.watch!.bucket}/${key ?? ''}:`, e) })
    : undefined;
  const egressLogs = new FileEgressAccessLogs(join(config.dataDir, 'logs'));
  const secretOf = (id: string) => (id === accessKey.key.accessKeyId ? accessKey.key.secretAccessKey : undefined);
  const app = buildKinoraApp({
    catalog: kinora.catalog,
    packager: kinora.packager,
    keys: kinora.keys,
    resolver,
    control,
    secretOf,
    cdnSecrets: secrets,
    accessLog: options.accessLog,
    egressAccessLogs: process.env.KINORA_EGRESS_LOGS === 'stdout' ? (group, line) => process.stdout.write(`${JSON.stringify({ logGroup: group, ...line })}\n`) : egressLogs.write,
    apiBodyLimit: config.apiBodyLimitBytes,
    ingestQueueSize: () => ingest.size,
    now: options.now,
  });
  registerEventBridgeApi(app, { bus, authenticate: async (request) => void (await verifyFastifySigV4(request, { service: 'events', secretOf, now: options.now })) });
  registerKinoraApi(app, { catalog: kinora.catalog, store: kinora.store, transcoder, bus, secretOf, tempDir: join(config.dataDir, 'tmp', 'uploads'), now: options.now });
  registerSpekeServer(app, { keys: kinora.keys, events: sink, secretOf, now: options.now });
  if (options.listen ?? true) {
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
    listening = `http://${host}:${port}`;
  } else {
    await app.ready();
  }
  // Only assets whose ingest lease is free or expired: never one another live process on the database is ingesting.
  const recovered = await ingest.recover();
  ingest.start();
  await bus.start();
  transcoder.start();
  watchFolder?.start();
  return {
    app,
    kinora,
    bus,
    transcoder,
    watchFolder,
    control,
    ingest,
    secrets,
    accessKey,
    publicUrl,
    url: listening ?? '',
    recovered,
    async close() {
      watchFolder?.stop();
      await transcoder.stop();
      await ingest.close();
      await app.close();
      stopKeyHealth();
      await keyHealth.idle();
      await egressLogs.close();
      await bus.close();
      await ownStores?.close();
      await kinora.close();
    },
  };
}
