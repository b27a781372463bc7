import { join } from 'node:path';
import { BuiltinKeyProvider } from './BuiltinKeyProvider.ts';
import { ContentKeys } from './ContentKeys.ts';
import { KeyTokens } from './KeyTokens.ts';
import { loadMasterKey } from './loadMasterKey.ts';
import { SqliteKeyStore } from './SqliteKeyStore.ts';

/**
 * Wires the built-in key store for a data dir: the master key from
 * `KINORA_KEYS_KEY` or `<data>/keys.key`, keys in `<data>/keys.sqlite`.
 */
export function openContentKeys(options: { dataDir: string; masterKey?: string; tokenTtlSeconds?: number }): ContentKeys {
  const master = loadMasterKey({ env: options.masterKey, file: join(options.dataDir, 'keys.key') });
  const store = new SqliteKeyStore(join(options.dataDir, 'keys.sqlite'), master);
  return new ContentKeys({ builtin: new BuiltinKeyProvider(store), tokens: new KeyTokens(master), tokenTtlSeconds: options.tokenTtlSeconds, onClose: () => store.close() });
}
