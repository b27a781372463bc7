import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog } from '../catalog/Catalog.ts';
import type { AssetRecord } from '../catalog/records.ts';
import { readSourceIndex } from '../media/index/readSourceIndex.ts';
import { SAMPLE_COLUMNS } from '../media/index/writeSourceIndex.ts';
import type { SourceIndex, IndexedTrack } from '../media/index/SourceIndex.ts';
import { planSegments } from '../media/plan/planSegments.ts';
import { buildPresentation } from '../media/plan/buildPresentation.ts';
import type { SegmentPlan } from '../media/plan/SegmentPlan.ts';
import type { Presentation } from '../media/model/Presentation.ts';
import { planSourceReads } from '../media/index/planSourceReads.ts';
import { readIndexedSamples } from '../media/index/readIndexedSamples.ts';
import type { SourceReader } from '../storage/SourceReader.ts';
import type { Recipe } from '../packaging/recipes.ts';
import type { MediaSegment } from '../packaging/SegmentRequest.ts';
import type { ClipRange } from '../media/select/Clip.ts';
import { planClip } from '../media/select/planClip.ts';
import { clipSegmentPlan } from '../media/select/clipSegmentPlan.ts';
import { LruCache } from './LruCache.ts';
import { SourceBufferPool } from './SourceBufferPool.ts';

export interface PackagerOptions {
  /** Bytes of source indexes kept in memory (the index is the only per-asset memory). */
  indexCacheBytes?: number;
  /** Bytes of packaged segments kept in memory; 0 disables (a CDN in front is the real cache). */
  segmentCacheBytes?: number;
}

/** A segment plan and its presentation; for a clip, also each track's time shift (ticks subtracted from source times). */
export interface PlannedOutput {
  plan: SegmentPlan;
  presentation: Presentation;
  offsets?: Map<string, number>;
}

interface LoadedAsset {
  index: SourceIndex;
  /** Keyed by target duration, plus the clip range for clips. */
  plans: Map<string, PlannedOutput>;
  /** Values derived from the packaged output (`derived`), by key. */
  derived: Map<string, Promise<unknown>>;
}

/** Clips are cheap to plan but unbounded in number: each asset keeps the most recent few. */
const MAX_CLIP_PLANS = 32;
/** Derived values per asset (a few per configuration and track; clips add more): the oldest go first. */
const MAX_DERIVED = 64;

/**
 * Just-in-time packaging: loads an asset's source index once, plans segments
 * per target duration once, and packages each requested segment by reading
 * only its samples' byte ranges from the source.
 */
export class Packager {
  private readonly catalog: Catalog;
  private readonly reader: SourceReader;
  private readonly assets: LruCache<Promise<LoadedAsset>>;
  private readonly segments: LruCache<Promise<Uint8Array>>;
  private readonly segmentCacheBytes: number;
  private readonly sourceBuffers = new SourceBufferPool();

  constructor(catalog: Catalog, reader: SourceReader, options: PackagerOptions = {}) {
    this.catalog = catalog;
    this.reader = reader;
    this.assets = new LruCache(options.indexCacheBytes ?? 128 << 20);
    this.segmentCacheBytes = options.segmentCacheBytes ?? 64 << 20;
    this.segments = new LruCache(Math.max(this.segmentCacheBytes, 1));
  }

  async load(asset: AssetRecord): Promise<LoadedAsset> {
    let loaded = this.assets.get(asset.id);
    if (!loaded) {
      loaded = (async () => {
        const bytes = await this.catalog.getAssetIndex(asset.id);
        if (!bytes) throw new KinoraError('ASSET_NOT_READY', `asset ${asset.id} has no source index (status ${asset.status})`, { subject: asset.id });
        return { index: readSourceIndex(bytes), plans: new Map(), derived: new Map() };
      })();
      this.assets.set(asset.id, loaded, 1 << 20);
      loaded.then(
        (l) => this.assets.resize(asset.id, indexBytes(l.index)),
        () => this.assets.delete(asset.id),
      );
    }
    return loaded;
  }

  async plan(asset: AssetRecord, targetSeconds: number, clip?: ClipRange): Promise<{ index: SourceIndex } & PlannedOutput> {
    const loaded = await this.load(asset);
    const key = clip ? `${targetSeconds}|${clip.startSeconds ?? ''}-${clip.endSeconds ?? ''}` : String(targetSeconds);
    let p = loaded.plans.get(key);
    if (!p) {
      if (clip) {
        const whole = await this.plan(asset, targetSeconds);
        const cut = planClip(whole.presentation, clip);
        p = { plan: clipSegmentPlan(whole.plan, cut), presentation: cut.presentation, offsets: new Map(cut.tracks.map((t) => [t.trackId, t.offsetTicks])) };
        if (loaded.plans.size > MAX_CLIP_PLANS) loaded.plans.delete([...loaded.plans.keys()].find((k) => k.includes('|'))!);
      } else {
        const plan = planSegments(loaded.index, targetSeconds);
        p = { plan, presentation: buildPresentation(loaded.index, plan) };
      }
      loaded.plans.set(key, p);
    }
    return { index: loaded.index, ...p };
  }

  /** The reader segments are packaged from (text segments read their cues through it too). */
  get sourceReader(): SourceReader {
    return this.reader;
  }

  track(index: SourceIndex, trackId: string, asset: AssetRecord): { track: IndexedTrack; position: number } {
    const position = index.tracks.findIndex((t) => t.track.id === trackId);
    if (position < 0) throw new KinoraError('TRACK_NOT_FOUND', `asset ${asset.id} has no track ${trackId}`, { subject: asset.id });
    return { track: index.tracks[position], position };
  }

  /** Packages segment `number` (1-based) of a track; `cacheKey` identifies the output bytes. */
  segment(asset: AssetRecord, targetSeconds: number, trackId: string, number: number, recipe: Recipe, cacheKey: string, clip?: ClipRange): Promise<Uint8Array> {
    return this.cached(cacheKey, async () => {
      let segment = await this.readSegment(asset, targetSeconds, trackId, number, clip);
      for (const transform of recipe.transforms) segment = transform(segment);
      return recipe.write(segment);
    });
  }

  /**
   * A value derived from an asset's packaged output that costs a pass over
   * many segments (the byte ranges of an I-frame playlist), computed once per
   * `key` and kept with the asset's index (evicted with it), whatever the
   * segment cache's size: unlike segment bytes it is small, and a request
   * that needs it must not package a whole track again.
   */
  async derived<T>(asset: AssetRecord, key: string, work: () => Promise<T>): Promise<T> {
    const { derived } = await this.load(asset);
    let pending = derived.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = work();
      if (derived.size >= MAX_DERIVED) derived.delete(derived.keys().next().value!);
      derived.set(key, pending);
      pending.catch(() => derived.delete(key));
    }
    return pending;
  }

  /** Output bytes through the byte-bounded segment cache: concurrent requests for one key share one packaging. */
  cached(cacheKey: string, work: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const cached = this.segmentCacheBytes > 0 ? this.segments.get(cacheKey) : undefined;
    if (cached) return cached;
    const pending = work();
    if (this.segmentCacheBytes > 0) {
      this.segments.set(cacheKey, pending, 1);
      pending.then(
        (b) => this.segments.resize(cacheKey, b.byteLength),
        () => this.segments.delete(cacheKey),
      );
    }
    return pending;
  }

  /** The samples of segment `number` (1-based) of a track, read from the source: the first stage of every recipe. */
  async readSegment(asset: AssetRecord, targetSeconds: number, trackId: string, number: number, clip?: ClipRange): Promise<MediaSegment> {
    const { index, plan, offsets } = await this.plan(asset, targetSeconds, clip);
    const { track, position } = this.track(index, trackId, asset);
    const trackPlan = plan.tracks[position];
    if (!Number.isInteger(number) || number < 1 || number > trackPlan.segments.length) {
      throw new KinoraError('SEGMENT_OUT_OF_RANGE', `asset ${asset.id} track ${trackId} has segments 1-${trackPlan.segments.length}, not ${number}`, { subject: `${asset.id}/${trackId}/${number}` });
    }
    const first = trackPlan.starts[number - 1];
    const end = trackPlan.starts[number];
    const reads = planSourceReads(track, first, end);
    // TS samples are copied out of the source bytes, which can then be reused for the next request.
    const pooled = track.source.container === 'mp2t' ? this.sourceBuffers.acquire(reads.reduce((n, r) => n + r.end - r.start, 0)) : undefined;
    let at = 0;
    const intos = reads.map((r) => pooled?.subarray(at, (at += r.end - r.start)));
    const chunks = await Promise.all(reads.map(async (r, k) => ({ ...r, bytes: await this.reader.readRange(index.files[r.file], r.start, r.end, { into: intos[k] }) })));
    let samples: ReturnType<typeof readIndexedSamples>;
    try {
      samples = readIndexedSamples(track, first, end, chunks, { allocate: allocateUnzeroed });
    } finally {
      // Every read has finished (a failed one would have thrown above, leaving the buffer to the GC).
      if (pooled) this.sourceBuffers.release(pooled);
    }
    // A clip starts at zero: sample times move with the segment's (tfdt comes from the clipped plan already).
    const shift = offsets?.get(trackId) ?? 0;
    if (shift !== 0) for (let i = 0; i < samples.length; i++) samples[i] = { ...samples[i], decodeTime: samples[i].decodeTime - shift };
    return { track: track.track, number, baseMediaDecodeTime: trackPlan.segments[number - 1].startTime, samples };
  }
}

/** Segment buffers are filled completely before use: skipping the zeroing of a few hundred KB per request is measurable. */
function allocateUnzeroed(bytes: number): Uint8Array {
  return new Uint8Array(Buffer.allocUnsafeSlow(bytes).buffer, 0, bytes);
}

const SAMPLE_BYTES = SAMPLE_COLUMNS.reduce((sum, [, bytes]) => sum + bytes, 0);

function indexBytes(index: SourceIndex): number {
  let n = 4096;
  for (const t of index.tracks) n += t.samples.count * SAMPLE_BYTES;
  return n;
}
