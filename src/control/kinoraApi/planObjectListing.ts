/** One page of a bucket listing, as ListObjectsV2 with a delimiter pages it. */
export interface ObjectListingPage {
  /** Common prefixes up to and including the delimiter (`ladder/`), the "folders". */
  folders: string[];
  objects: { key: string; size: number; lastModified?: Date }[];
  /** The last folder or key of this page, when more follow: where the next page starts after. */
  nextStartAfter?: string;
}

/**
 * Groups the keys under `prefix` into folders and objects (S3 ListObjectsV2,
 * API Reference: keys containing `delimiter` after the prefix roll up into
 * one common prefix each) and cuts out one page: the folders and objects
 * that sort after `startAfter`, `maxKeys` of them together, in UTF-8 byte
 * order as S3 lists them. Without a delimiter every key is an object.
 */
export function planObjectListing(keys: readonly { key: string; size: number; lastModified?: Date }[], options: { prefix: string; delimiter: string; startAfter?: string; maxKeys: number }): ObjectListingPage {
  const { prefix, delimiter, startAfter, maxKeys } = options;
  const folders = new Set<string>();
  const entries: { name: string; object?: (typeof keys)[number] }[] = [];
  for (const object of keys) {
    if (!object.key.startsWith(prefix)) continue;
    const cut = delimiter === '' ? -1 : object.key.indexOf(delimiter, prefix.length);
    if (cut < 0) {
      entries.push({ name: object.key, object });
      continue;
    }
    const folder = object.key.slice(0, cut + delimiter.length);
    if (!folders.has(folder)) {
      folders.add(folder);
      entries.push({ name: folder });
    }
  }
  const bytes = (s: string) => Buffer.from(s, 'utf8');
  const sorted = entries.map((e) => ({ ...e, bytes: bytes(e.name) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const after = startAfter === undefined ? undefined : bytes(startAfter);
  const rest = after === undefined ? sorted : sorted.filter((e) => Buffer.compare(e.bytes, after) > 0);
  const page = rest.slice(0, maxKeys);
  return {
    folders: page.filter((e) => !e.object).map((e) => e.name),
    objects: page.filter((e) => e.object).map((e) => e.object!),
    nextStartAfter: rest.length > maxKeys ? page[page.length - 1].name : undefined,
  };
}
