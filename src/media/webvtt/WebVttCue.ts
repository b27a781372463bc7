/** One WebVTT cue (W3C WebVTT 4.1 "WebVTT cue block"), times in milliseconds of its file's timeline. */
export interface WebVttCue {
  /** Cue identifier, when the block has one. */
  id?: string;
  startMs: number;
  endMs: number;
  /** Cue settings after the timings (`line:0 align:start`), verbatim. */
  settings: string;
  /** Cue payload text, verbatim (markup kept), lines joined by `\n`. */
  payload: string;
}
