import type { MediaPackageVodApi } from './aws/MediaPackageVodApi.ts';
import type { EventBridgeApi } from './aws/EventBridgeApi.ts';
import type { KinoraApi } from './aws/KinoraApi.ts';

/** What a page gets from the shell. */
export interface PageContext {
  vod: MediaPackageVodApi;
  events: EventBridgeApi;
  /** Kinora's own API: buckets, uploads, asset sources, transcode jobs, deliveries. */
  kinora: KinoraApi;
  /** Path parameters (`:id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Goes to a console path (`/console/assets/x`) without reloading. */
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Runs when the user leaves the page (stop timers, players). */
  onLeave(cleanup: () => void): void;
  /** True once the user left the page (late async work must not touch the DOM). */
  left(): boolean;
  /** Sets the document title (`<page> · Kinora`). */
  title(text: string): void;
}

export type Page = (ctx: PageContext) => Node | Promise<Node>;
