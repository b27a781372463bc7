/** The members of a PutEvents entry that count towards its size. */
export interface SizedEntry {
  Time?: unknown;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
}

/** EventBridge quota: the entries of one PutEvents request, together (256 KB). */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

const utf8Length = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));

/**
 * A PutEvents entry's size as EventBridge counts it (User Guide,
 * "Calculating PutEvents event entry size"): 14 bytes for `Time` if present,
 * plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`.
 */
export function computeEntrySize(entry: SizedEntry): number {
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  size += utf8Length(entry.Source) + utf8Length(entry.DetailType) + utf8Length(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8Length(resource);
  return size;
}
