import { resolve } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import { DEFAULT_KEY_FAILURE_HOLD_MS } from '../keys/ContentKeys.ts';

/** Runtime settings, from the environment (and CLI flags, which override). */
export interface KinoraConfig {
  dataDir: string;
  host: string;
  port: number;
  /**
   * Base URL of egress URLs and of packaging groups' `domainName`; defaults
   * to http://host:port. May contain `{groupHash}` for a host per group.
   */
  publicUrl?: string;
  sourceTimeoutMs: number;
  /**
   * Hosts `https://` sources may be read from (`KINORA_SOURCE_HOSTS`,
   * comma-separated `host` or `host:port`); empty: no web sources. See
   * `SourceHosts` for the address rules and docs/storage.md.
   */
  sourceHosts: string[];
  /**
   * The source read policy file (`KINORA_SOURCE_POLICIES`, which must then
   * exist); unset: `<dataDir>/source-policies.json` if present, else every
   * role may read every source. See `SourcePolicy`.
   */
  sourcePolicies?: string;
  segmentCacheBytes: number;
  /** How long a key provider's failure answers before it is asked again (`KINORA_KEY_FAILURE_HOLD_MS`, default 5 s; 0: every request asks). */
  keyFailureHoldMs: number;
  /** Background ingests running at once. */
  ingestConcurrency: number;
  /** Quotas; MediaPackage's defaults are 10, 10 and 10,000 [UG:vod-quotas]. */
  maxPackagingGroups: number;
  maxConfigurationsPerGroup: number;
  maxAssetsPerGroup: number;
  /** Largest control-plane request body. */
  apiBodyLimitBytes: number;
  /** Bucket access: `folder` (embedded, `<dataDir>/buckets/<bucket>`) or `s3` (`KINORA_STORAGE`; `s3` when an endpoint is set). */
  storage?: 'folder' | 's3';
  /** An S3-compatible endpoint (`KINORA_S3_ENDPOINT`), read with the standard AWS credential variables. */
  s3Endpoint?: string;
  /** Transcode jobs running at once (`KINORA_TRANSCODE_CONCURRENCY`); ffmpeg uses every core, so 1 suits 2 cores. */
  transcodeConcurrency: number;
  /**
   * Hosts `https://` transcode inputs may come from (`KINORA_TRANSCODE_INPUT_HOSTS`,
   * comma-separated names, `*.example.com` for any subdomain); empty: inputs are `s3://` only.
   */
  transcodeInputHosts: string[];
  /** Watch folder `<bucket>/<prefix>` (`KINORA_WATCH`): a file landing there is transcoded with the default template. */
  watch?: { bucket: string; prefix: string };
  /** How long a watched file must stay unchanged before it is picked up (`KINORA_WATCH_STABLE_MS`, default 10 s). */
  watchStableMs: number;
  /**
   * PostgreSQL for the catalog, the event bus and the transcoding queue
   * (`DATABASE_URL`, `postgres://user:password@host:5432/database`); unset,
   * they are SQLite files in the data dir. See `openStores` and docs/database.md.
   */
  databaseUrl?: string;
}

/**
 * Settings from the environment: `KINORA_*` (see the README), plus `PORT`
 * (the usual platform variable) when `KINORA_PORT` is unset. A variable that
 * is set but not a number in range is an error, not a silent default.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): KinoraConfig {
  const int = (name: string, fallback: number, min: number, value = env[name]): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new KinoraError('INVALID_REQUEST', `${name}="${value}" must be an integer of at least ${min}`);
    return n;
  };
  return {
    dataDir: resolve(env.KINORA_DATA_DIR ?? 'data'),
    host: env.KINORA_HOST ?? '127.0.0.1',
    port: portOf(int(env.KINORA_PORT !== undefined ? 'KINORA_PORT' : 'PORT', 8080, 0, env.KINORA_PORT ?? env.PORT), env.KINORA_PORT !== undefined ? 'KINORA_PORT' : 'PORT'),
    publicUrl: env.KINORA_PUBLIC_URL || undefined,
    sourceTimeoutMs: int('KINORA_SOURCE_TIMEOUT_MS', 10_000, 1),
    sourceHosts: sourceHostsOf(env.KINORA_SOURCE_HOSTS),
    sourcePolicies: env.KINORA_SOURCE_POLICIES ? resolve(env.KINORA_SOURCE_POLICIES) : undefined,
    segmentCacheBytes: int('KINORA_SEGMENT_CACHE_BYTES', 64 << 20, 0),
    keyFailureHoldMs: int('KINORA_KEY_FAILURE_HOLD_MS', DEFAULT_KEY_FAILURE_HOLD_MS, 0),
    ingestConcurrency: int('KINORA_INGEST_CONCURRENCY', 2, 1),
    maxPackagingGroups: int('KINORA_MAX_PACKAGING_GROUPS', 1000, 1),
    maxConfigurationsPerGroup: int('KINORA_MAX_CONFIGURATIONS_PER_GROUP', 100, 1),
    maxAssetsPerGroup: int('KINORA_MAX_ASSETS_PER_GROUP', 1_000_000, 1),
    apiBodyLimitBytes: int('KINORA_API_BODY_LIMIT_BYTES', 1 << 20, 1024),
    storage: storageOf(env.KINORA_STORAGE),
    s3Endpoint: env.KINORA_S3_ENDPOINT || undefined,
    transcodeConcurrency: int('KINORA_TRANSCODE_CONCURRENCY', 1, 1),
    transcodeInputHosts: transcodeInputHostsOf(env.KINORA_TRANSCODE_INPUT_HOSTS),
    watch: watchOf(env.KINORA_WATCH),
    watchStableMs: int('KINORA_WATCH_STABLE_MS', 10_000, 0),
    databaseUrl: databaseUrlOf(env.DATABASE_URL),
  };
}

function portOf(port: number, name: string): number {
  if (port > 65535) throw new KinoraError('INVALID_REQUEST', `${name}="${port}" must be a TCP port, 0 to 65535 (0: any free port)`);
  return port;
}

function storageOf(value: string | undefined): 'folder' | 's3' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'folder' || value === 's3') return value;
  throw new KinoraError('INVALID_REQUEST', `KINORA_STORAGE="${value}" must be "folder" or "s3"`);
}

/** Comma-separated `host`, `host:port` or `[ipv6]:port` entries (checked in full by `SourceHosts`). */
function sourceHostsOf(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const e of entries) {
    if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(e)) throw new KinoraError('INVALID_REQUEST', `KINORA_SOURCE_HOSTS entry "${e}" must be a host name, an IP address or host:port (IPv6 as [address]:port)`);
  }
  return entries;
}

/** Comma-separated host names, each exact or `*.suffix` (what the transcoder's `InputPolicy` matches). */
function transcodeInputHostsOf(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== '');
  for (const e of entries) {
    if (!/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(e)) throw new KinoraError('INVALID_REQUEST', `KINORA_TRANSCODE_INPUT_HOSTS entry "${e}" must be a host name, or *.domain for its subdomains (no scheme, port or path)`);
  }
  return entries;
}

/** A `postgres://` or `postgresql://` URL (libpq's URI form); any other scheme is a mistake worth stopping for. */
function databaseUrlOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^postgres(ql)?:\/\/./.test(value)) throw new KinoraError('INVALID_REQUEST', 'DATABASE_URL must be a postgres://user:password@host:port/database URL');
  return value;
}

/** `bucket/prefix/` (prefix may be empty: `bucket` or `bucket/`). */
function watchOf(value: string | undefined): { bucket: string; prefix: string } | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^([a-z0-9][a-z0-9.-]{0,62})(?:\/(.*))?$/.exec(value);
  if (!m) throw new KinoraError('INVALID_REQUEST', `KINORA_WATCH="${value}" must be <bucket>/<prefix>/`);
  const prefix = m[2] ?? '';
  return { bucket: m[1], prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}
