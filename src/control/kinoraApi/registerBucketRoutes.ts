import type { FastifyInstance } from 'fastify';
import type { ObjectStore } from '../../storage/ObjectStore.ts';
import { KinoraError } from '../../errors/KinoraError.ts';
import { planObjectListing } from './planObjectListing.ts';
import { readBucketName } from './readObjectLocation.ts';
import { readChoiceParameter, readIntegerParameter, readTextParameter } from './queryParameters.ts';
import { sendJson } from './sendJson.ts';

/** Largest page of a bucket listing (S3's own). */
const MAX_KEYS = 1000;
/** Objects whose date is missing from the listing are `head`ed, this many at a time. */
const HEAD_CONCURRENCY = 8;

/**
 * `GET /buckets` and `GET /buckets/{bucket}/objects`, through the
 * `ObjectStore` port. The listing is ListObjectsV2's shape in JSON: with
 * `delimiter=/`, keys under a deeper folder roll up into `folders`; pages of
 * at most `maxKeys` entries continue with `startAfter` = the previous page's
 * `nextStartAfter`. A bucket that does not exist lists empty (the port's rule).
 */
export function registerBucketRoutes(scope: FastifyInstance, deps: { store: ObjectStore; uploadLimitBytes: number }): void {
  scope.get('/buckets', async (_request, reply) => {
    const buckets = await deps.store.listBuckets();
    return sendJson(reply, 200, {
      buckets: buckets.map((b) => (b.createdAt ? { name: b.name, createdAt: b.createdAt.toISOString() } : { name: b.name })),
      uploadLimitBytes: deps.uploadLimitBytes,
    });
  });

  scope.get('/buckets/:bucket/objects', async (request, reply) => {
    const bucket = readBucketName((request.params as { bucket: string }).bucket);
    const prefix = readTextParameter(request.query, 'prefix', 1024) ?? '';
    const delimiter = readChoiceParameter(request.query, 'delimiter', ['/']) ?? '';
    const maxKeys = readIntegerParameter(request.query, 'maxKeys', { min: 1, max: MAX_KEYS }) ?? MAX_KEYS;
    const startAfter = readTextParameter(request.query, 'startAfter', 1024);
    const page = planObjectListing(await deps.store.list(bucket, prefix), { prefix, delimiter, startAfter, maxKeys });
    const objects = await mapLimited(page.objects, HEAD_CONCURRENCY, async (o) => {
      let lastModified = o.lastModified;
      if (lastModified === undefined) {
        try {
          lastModified = (await deps.store.head(bucket, o.key)).lastModified;
        } catch (e) {
          // Deleted between the listing and now: list it as the listing saw it, without a date.
          if (!(e instanceof KinoraError && e.code === 'SOURCE_NOT_FOUND')) throw e;
        }
      }
      return lastModified ? { key: o.key, size: o.size, lastModified: lastModified.toISOString() } : { key: o.key, size: o.size };
    });
    return sendJson(reply, 200, {
      bucket,
      prefix,
      delimiter,
      folders: page.folders.map((p) => ({ prefix: p })),
      objects,
      isTruncated: page.nextStartAfter !== undefined,
      ...(page.nextStartAfter !== undefined ? { nextStartAfter: page.nextStartAfter } : {}),
    });
  });
}

/** `items.map(fn)` with at most `limit` calls running at once, results in order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
