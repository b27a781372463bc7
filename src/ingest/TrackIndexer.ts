import type { IndexedTrack } from '../media/index/SourceIndex.ts';

/** One source segment handed to a track indexer. */
export interface SourceSegment {
  bytes: Uint8Array;
  file: number;
  /** Byte offset of `bytes` within the file (EXT-X-BYTERANGE). */
  baseOffset: number;
  durationSeconds: number;
  discontinuity: boolean;
  /** fMP4: the EXT-X-MAP in force; `bytes` is empty when the indexer has already seen `uri`. */
  init?: { uri: string; bytes: Uint8Array };
}

/** A track as produced by an indexer, before ids, names and the common timeline are assigned. */
export type RawIndexedTrack = Omit<IndexedTrack, 'rendition'>;
