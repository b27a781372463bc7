import { join } from 'node:path';
import { KinoraError } from '../errors/KinoraError.ts';
import { FolderObjectStore } from './FolderObjectStore.ts';
import { S3ObjectStore } from './S3ObjectStore.ts';

export interface ObjectStoreSettings {
  /** Kinora's data dir; the folder adapter keeps bucket B in `<dataDir>/buckets/B`. */
  dataDir: string;
  /** `folder` (embedded) or `s3`; default `s3` when `s3Endpoint` is set, else `folder` (`KINORA_STORAGE`). */
  storage?: 'folder' | 's3';
  /** An S3-compatible server, path-style (`KINORA_S3_ENDPOINT`); unset with `storage: 's3'` means AWS S3 itself. */
  s3Endpoint?: string;
  /** Signing region; default `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`. */
  s3Region?: string;
  /** Static keys; unset means the SDK's default chain (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_PROFILE`, instance roles). */
  s3Credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Path-style URLs; default true with `s3Endpoint`, false on AWS. */
  s3ForcePathStyle?: boolean;
  /** Environment the region falls back to; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The `ObjectStore` the configuration asks for: `FolderObjectStore` under the
 * data dir by default, `S3ObjectStore` when an S3 endpoint (or `storage: 's3'`)
 * is configured. Both honour the same contract (docs/storage.md). The S3
 * adapter pools connections: call its `close()` on shutdown.
 */
export function createObjectStore(settings: ObjectStoreSettings): FolderObjectStore | S3ObjectStore {
  const storage = settings.storage ?? (settings.s3Endpoint ? 's3' : 'folder');
  if (storage === 'folder') return new FolderObjectStore(join(settings.dataDir, 'buckets'));
  if (storage !== 's3') throw new KinoraError('INVALID_REQUEST', `unknown storage "${storage as string}": expected "folder" or "s3"`);
  const env = settings.env ?? process.env;
  return new S3ObjectStore({
    endpoint: settings.s3Endpoint || undefined,
    region: settings.s3Region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    credentials: settings.s3Credentials,
    forcePathStyle: settings.s3ForcePathStyle,
  });
}

