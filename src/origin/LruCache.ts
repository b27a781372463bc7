/**
 * Size-bounded LRU (Map keeps insertion order; a hit re-inserts). Values may
 * be promises so concurrent misses for one key share a single computation;
 * a rejected promise is evicted so failures are retried, not cached.
 */
export class LruCache<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private readonly maxSize: number;
  private size = 0;

  constructor(maxSize: number) {
    this.maxSize = maxSize;
  }

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V, size = 1): void {
    if (size > this.maxSize) return;
    this.delete(key);
    this.map.set(key, { value, size });
    this.size += size;
    for (const [k, v] of this.map) {
      if (this.size <= this.maxSize) break;
      this.map.delete(k);
      this.size -= v.size;
    }
  }

  /** Updates the accounted size of an entry (e.g. once a promised value is known). */
  resize(key: string, size: number): void {
    const hit = this.map.get(key);
    if (!hit) return;
    this.map.delete(key);
    this.size -= hit.size;
    this.set(key, hit.value, size);
  }

  delete(key: string): void {
    const hit = this.map.get(key);
    if (!hit) return;
    this.map.delete(key);
    this.size -= hit.size;
  }

  get totalSize(): number {
    return this.size;
  }
}
