import type { StoredKey } from './StoredKey.ts';

/** Persistent content keys by name (`<asset id>/<configuration id>`). */
export interface KeyStore {
  get(name: string): Promise<StoredKey | undefined>;
  /** Stores `key` unless `name` has one already; returns the key stored under `name` either way (first writer wins). */
  putIfAbsent(name: string, key: StoredKey): Promise<StoredKey>;
  close(): Promise<void>;
}
