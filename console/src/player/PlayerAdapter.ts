/** A video rendition as a player lists it. */
export interface Rendition {
  id: string;
  bitrate: number;
  width?: number;
  height?: number;
  codecs?: string;
}

/** An audio or text track as a player lists it. */
export interface MediaTrack {
  id: string;
  language: string;
  label: string;
}

export type PlayerName = 'hlsjs' | 'dashjs' | 'dashjs-mss' | 'shaka';

/** Events a player reports to the page. */
export interface PlayerEvents {
  /** A problem in words; `fatal` when playback stopped. */
  error(message: string, fatal: boolean): void;
  /** Renditions, tracks or the current selection changed. */
  changed(): void;
}

/**
 * One interface over hls.js, dash.js and shaka, so the player page's
 * overlay and buttons do not care which library plays.
 */
export interface PlayerAdapter {
  readonly name: PlayerName;
  renditions(): Rendition[];
  /** The rendition playing now, when the player knows. */
  current(): Rendition | undefined;
  /** True while the player picks renditions itself (ABR). */
  isAuto(): boolean;
  /** A rendition id, or 'auto' to hand the choice back to ABR. */
  selectRendition(id: string): void;
  audioTracks(): MediaTrack[];
  currentAudio(): string | undefined;
  selectAudio(id: string): void;
  textTracks(): MediaTrack[];
  /** The text track shown, or 'off'. */
  currentText(): string;
  selectText(id: string): void;
  destroy(): void;
}
