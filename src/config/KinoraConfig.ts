import { resolve } from 'node:path';

/** Runtime settings, from the environment (and CLI flags, which override). */
export interface KinoraConfig {
  dataDir: string;
  host: string;
  port: number;
  /** Base URL printed in egress endpoints; defaults to http://host:port. */
  publicUrl?: string;
  sourceTimeoutMs: number;
  segmentCacheBytes: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): KinoraConfig {
  return {
    dataDir: resolve(env.KINORA_DATA_DIR ?? 'data'),
    host: env.KINORA_HOST ?? '127.0.0.1',
    port: Number(env.KINORA_PORT ?? 8080),
    publicUrl: env.KINORA_PUBLIC_URL,
    sourceTimeoutMs: Number(env.KINORA_SOURCE_TIMEOUT_MS ?? 10_000),
    segmentCacheBytes: Number(env.KINORA_SEGMENT_CACHE_BYTES ?? 64 << 20),
  };
}
