import type { VideoRendition } from './TranscodeTemplate.ts';

/** A template rendition after fitting it to the input: the exact output size. */
export interface PlannedRendition extends VideoRendition {
  /** Output picture size, even, square pixels. */
  width: number;
  height: number;
}
