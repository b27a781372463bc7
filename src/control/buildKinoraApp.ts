import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../catalog/Catalog.ts';
import type { Packager } from '../origin/Packager.ts';
import type { EgressResolver } from '../origin/EgressResolver.ts';
import type { SecretStore } from '../auth/SecretStore.ts';
import type { SigV4Options } from '../auth/verifySigV4.ts';
import { buildOriginApp } from '../origin/buildOriginApp.ts';
import type { VodControlPlane } from './VodControlPlane.ts';
import { MIN_PARAM_LENGTH, registerMediaPackageVodApi } from './registerMediaPackageVodApi.ts';
import { registerOpsRoutes } from './ops/registerOpsRoutes.ts';
import { registerConsole } from '../console/registerConsole.ts';
import type { ContentKeys } from '../keys/ContentKeys.ts';

export interface KinoraAppDeps {
  catalog: Catalog;
  packager: Packager;
  resolver: EgressResolver;
  control: VodControlPlane;
  /** Control-plane access keys. */
  secretOf: SigV4Options['secretOf'];
  /** CDN-authorization secrets for egress. */
  cdnSecrets: Pick<SecretStore, 'get'>;
  accessLog?: (line: Record<string, unknown>) => void;
  /** Content keys for encrypted configurations; without them those answer 502 KEY_PROVIDER_ERROR, never clear bytes. */
  keys?: ContentKeys;
  /** Per-group egress access logs (configure_logs). */
  egressAccessLogs?: (logGroupName: string, line: Record<string, unknown>) => void;
  apiBodyLimit?: number;
  ingestQueueSize?: () => number;
  /** Clock for SigV4 dates (tests). */
  now?: () => number;
}

/**
 * The whole Kinora server as one fastify app, without `listen()`: health and
 * metrics (`/healthz`, `/metrics`), public egress (`/out/v1/...`, with CDN
 * authorization per group) and the SigV4-signed MediaPackage VOD control
 * plane, and the web console (`/console`). Other APIs (EventBridge, MediaTailor) register here beside it.
 */
export function buildKinoraApp(deps: KinoraAppDeps, app: FastifyInstance = Fastify({ logger: false, routerOptions: { maxParamLength: MIN_PARAM_LENGTH } })): FastifyInstance {
  registerOpsRoutes(app, { catalog: deps.catalog, ingestQueueSize: deps.ingestQueueSize });
  registerConsole(app);
  buildOriginApp({ catalog: deps.catalog, packager: deps.packager, resolver: deps.resolver, accessLog: deps.accessLog, egressAccessLogs: deps.egressAccessLogs, cdnSecrets: deps.cdnSecrets, keys: deps.keys }, app);
  registerMediaPackageVodApi(app, { control: deps.control, secretOf: deps.secretOf, bodyLimit: deps.apiBodyLimit, now: deps.now });
  return app;
}
