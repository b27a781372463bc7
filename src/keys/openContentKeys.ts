import { join } from 'node:path';
import { BuiltinKeyProvider } from './BuiltinKeyProvider.ts';
import { ContentKeys } from './ContentKeys.ts';
import { KeyTokens } from './KeyTokens.ts';
import { loadMasterKey } from './loadMasterKey.ts';
import { SqliteKeyStore } from './SqliteKeyStore.ts';
import { SpekeKeyProvider } from './speke/SpekeKeyProvider.ts';
import { spekeSignerOf } from './speke/spekeSignerOf.ts';
import type { SpekeExchangeLimits } from './speke/postCpix.ts';

/**
 * Wires content keys for a data dir: the master key from `KINORA_KEYS_KEY`
 * or `<data>/keys.key`, keys in `<data>/keys.sqlite`, the built-in key
 * store (`kinora:builtin`), and the SPEKE client for every other
 * `spekeKeyProvider.url`, signing as `<data>/speke-credentials.json` or the
 * process's AWS credentials say (`spekeSignerOf`). `playReadyLicenseUrl`
 * (default `KINORA_PLAYREADY_LA_URL`) is the LA_URL of the PlayReady
 * headers the built-in store writes.
 */
export function openContentKeys(options: {
  dataDir: string;
  masterKey?: string;
  tokenTtlSeconds?: number;
  /** How long a key provider's failure answers before it is asked again (`ContentKeys`' default when unset). */
  failureHoldMs?: number;
  playReadyLicenseUrl?: string;
  env?: Record<string, string | undefined>;
  speke?: { limits?: Partial<SpekeExchangeLimits>; fetch?: typeof fetch };
}): ContentKeys {
  const env = options.env ?? process.env;
  const master = loadMasterKey({ env: options.masterKey, file: join(options.dataDir, 'keys.key') });
  const store = new SqliteKeyStore(join(options.dataDir, 'keys.sqlite'), master);
  const playReadyLicenseUrl = options.playReadyLicenseUrl ?? (env.KINORA_PLAYREADY_LA_URL || undefined);
  return new ContentKeys({
    builtin: new BuiltinKeyProvider(store, { playReadyLicenseUrl }),
    speke: new SpekeKeyProvider({ store, signerFor: spekeSignerOf({ file: join(options.dataDir, 'speke-credentials.json'), env }), limits: options.speke?.limits, fetch: options.speke?.fetch }),
    tokens: new KeyTokens(master),
    tokenTtlSeconds: options.tokenTtlSeconds,
    failureHoldMs: options.failureHoldMs,
    store,
    onClose: () => store.close(),
  });
}
