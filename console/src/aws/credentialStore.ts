import type { SigningCredentials } from './signRequest.ts';

/** The user's access key and the region its requests are signed for. */
export interface ConsoleKey extends SigningCredentials {
  region: string;
}

const STORAGE_KEY = 'kinora.console.accessKey';

/**
 * The access key lives in `sessionStorage` only: it survives reloads of the
 * tab and is gone when the tab closes. It is never sent anywhere; requests
 * carry signatures made with it.
 */
export const credentialStore = {
  load(): ConsoleKey | undefined {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      if (!raw) return undefined;
      const key = JSON.parse(raw) as ConsoleKey;
      return key.accessKeyId && key.secretAccessKey ? { ...key, region: key.region || 'us-east-1' } : undefined;
    } catch {
      return undefined;
    }
  },
  save(key: ConsoleKey): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(key));
  },
  clear(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
