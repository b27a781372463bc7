/**
 * Plays a manifest in headless Chromium with a real player library (hls.js, dash.js,
 * shaka) or the native <video> element, and reports whether playback really happened.
 *
 * One browser and one static server (player page + player libraries from node_modules)
 * are shared per process and launched lazily; call `closeBrowser()` when done (e.g. in
 * `after()`), otherwise the process keeps running. Each play gets a fresh browser
 * context that is always closed. The media URL lives on another origin, so the media
 * server must send CORS headers (see serveFolder.ts).
 *
 * Besides playing, it can force a video rendition switch (`switchRendition`), switch the audio
 * language (`audioLanguage`, confirmed by the player's events and API and measured by the pitch
 * of the decoded audio through Web Audio) and show a subtitle language (`subtitles`, reporting
 * the cues of the element's text tracks). Set KINORA_BROWSER_LOG_REQUESTS=1 to log every response,
 * and KINORA_BROWSER_PLAYER_LOG=1 to load shaka's debug build at DEBUG level and keep every console
 * message of the page in the log (how a player-side stall is told apart from an origin fault).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { contentTypeFor, trackSockets } from './serveFolder.ts';

/** `dashjs-mss` is dash.js with its Smooth Streaming plugin (`dash.mss.min.js`) loaded: the player for Smooth manifests. */
export type PlayerName = 'hlsjs' | 'dashjs' | 'dashjs-mss' | 'shaka' | 'native';

export interface PlayResult {
  ok: boolean; // true when all criteria passed
  player: PlayerName;
  currentTime: number;
  totalVideoFrames: number; // from video.getVideoPlaybackQuality()
  framesGrew: boolean; // totalVideoFrames increased between two samples >= 1 s apart
  renditions: { id: string; bitrate: number; height?: number }[]; // what the player saw
  switched?: { from: string; to: string; confirmed: boolean }; // forced rendition switch result
  audioTracks: AudioTrackSeen[]; // audio tracks the player listed
  /** Audio language switch result (with `audioLanguage`): languages of the track before and after. */
  audioSwitched?: { from: string; to: string; confirmed: boolean };
  /**
   * Dominant frequency (Hz, 100-1500) of the decoded audio just before the audio switch and at the
   * end, measured with Web Audio (with `audioLanguage` only; null when silent or unavailable).
   */
  audioPeakHz?: { beforeSwitch: number | null; atEnd: number | null };
  textTracks: TextTrackSeen[]; // the element's text tracks and the cues they hold (disabled tracks show none)
  errors: string[]; // player error events, page errors, console errors, failed requests (status >= 400)
  screenshotPath?: string;
  log: string[]; // useful diagnostics (player events)
}

export interface AudioTrackSeen {
  language: string;
  name: string;
}

export interface CueSeen {
  start: number; // seconds on the media element's timeline
  end: number;
  text: string; // cue payload as the browser holds it (WebVTT markup kept)
}

export interface TextTrackSeen {
  language: string;
  label: string;
  kind: string;
  mode: string; // 'showing' | 'hidden' | 'disabled'
  cues: CueSeen[];
}

export interface PlayOptions {
  url: string; // manifest URL (m3u8, mpd, or Smooth .../Manifest)
  player: PlayerName;
  minSeconds?: number; // default 10: pass when currentTime > minSeconds
  switchRendition?: boolean; // force a switch to another video rendition after ~3 s of play
  /**
   * After ~2 s of play, select the audio track in this language through the player's API
   * (hls.js, dash.js, shaka); passes once the player reports it and playback advanced 1 s more.
   */
  audioLanguage?: string;
  /**
   * Show the subtitle track in this language (hls.js, dash.js, shaka) as soon as the player lists
   * it; passes once a text track in that language is showing with at least one cue.
   */
  subtitles?: string;
  smooth?: boolean; // dash.js with the MSS plugin loaded (same as player 'dashjs-mss')
  clearKeys?: Record<string, string>; // hex kid -> hex key (ClearKey EME), dash.js and shaka
  timeoutMs?: number; // default 60000
  screenshotPath?: string; // save a PNG of the page when set
}

/** State object the page keeps in window.__kinora (see player.js). */
interface PageState {
  playing: boolean;
  ended: boolean;
  fatal: boolean;
  currentTime: number;
  totalVideoFrames: number;
  droppedVideoFrames: number;
  videoWidth: number;
  videoHeight: number;
  renditions: { id: string; bitrate: number; height?: number }[];
  current: string | null;
  switched: { from: string; to: string; confirmed: boolean } | null;
  audioTracks: AudioTrackSeen[];
  audioSwitched: { from: string; to: string; confirmed: boolean } | null;
  audioPeakHz: number | null;
  audioPeakBeforeSwitchHz: number | null;
  textTracks: TextTrackSeen[];
  errors: string[];
  log: string[];
}

const here = import.meta.dirname;
const playerLog = !!process.env.KINORA_BROWSER_PLAYER_LOG;
const nodeModules = resolve(here, '../../../node_modules');

/** URL path -> file served by the harness server. */
const libFiles: Record<string, string> = {
  '/lib/hls.min.js': join(nodeModules, 'hls.js/dist/hls.min.js'),
  '/lib/dash.all.min.js': join(nodeModules, 'dashjs/dist/modern/umd/dash.all.min.js'),
  '/lib/dash.mss.min.js': join(nodeModules, 'dashjs/dist/modern/umd/dash.mss.min.js'),
  '/lib/shaka-player.compiled.js': join(nodeModules, 'shaka-player/dist/' + (playerLog ? 'shaka-player.compiled.debug.js' : 'shaka-player.compiled.js')),
  '/player.js': join(here, 'player.js'),
};

const libsFor: Record<PlayerName, string[]> = {
  hlsjs: ['/lib/hls.min.js'],
  dashjs: ['/lib/dash.all.min.js'],
  'dashjs-mss': ['/lib/dash.all.min.js', '/lib/dash.mss.min.js'],
  shaka: ['/lib/shaka-player.compiled.js'],
  native: [],
};

function pageHtml(player: PlayerName, smooth: boolean): string {
  const libs = [...libsFor[player]];
  if (player === 'dashjs' && smooth) libs.push('/lib/dash.mss.min.js');
  const scripts = [...libs, '/player.js'].map((s) => `<script src="${s}"></script>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>kinora ${player}</title><link rel="icon" href="data:,">
<style>html,body{margin:0;background:#222}video{width:640px;height:360px;background:#000;display:block}</style>
</head><body>
<video id="v" muted playsinline></video>
${scripts}
</body></html>`;
}

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  // Several pages play at once: keep all of them running at full speed.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--disable-background-media-suspend',
];

interface Shared {
  browser: Browser;
  server: Server;
  closeServer(): Promise<void>;
  pageBase: string;
}

let shared: Promise<Shared> | null = null;

async function startPageServer(): Promise<{ server: Server; base: string; close(): Promise<void> }> {
  for (const [path, file] of Object.entries(libFiles)) {
    if (!existsSync(file)) throw new Error(`playInBrowser: missing ${path} (${file})`);
  }
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/play.html') {
      const player = (u.searchParams.get('player') ?? 'native') as PlayerName;
      if (!(player in libsFor)) {
        res.writeHead(400).end('bad player');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(pageHtml(player, u.searchParams.get('smooth') === '1'));
      return;
    }
    if (u.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = libFiles[u.pathname];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': contentTypeFor(file), 'Cache-Control': 'max-age=3600' });
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  const sockets = trackSockets(server);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('playInBrowser: no server address');
  return {
    server,
    base: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}

async function launchShared(): Promise<Shared> {
  const srv = await startPageServer();
  try {
    // playwright's launch() uses a fresh temporary profile and deletes it on close.
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: launchArgs,
      timeout: 30_000,
    });
    browser.on('disconnected', () => {
      // A crashed browser must not poison later calls.
      shared = null;
    });
    return { browser, server: srv.server, closeServer: srv.close, pageBase: srv.base };
  } catch (e) {
    await srv.close();
    throw e;
  }
}

function getShared(): Promise<Shared> {
  if (!shared) {
    const p = launchShared();
    shared = p;
    p.catch(() => {
      if (shared === p) shared = null;
    });
  }
  return shared;
}

/** Closes the shared browser and the player-page server (safe to call when none is running). */
export async function closeBrowser(): Promise<void> {
  const p = shared;
  shared = null;
  if (!p) return;
  let s: Shared;
  try {
    s = await p;
  } catch {
    return;
  }
  await withTimeout(s.browser.close(), 10_000).catch(() => {});
  await s.closeServer();
}

function withTimeout<T>(p: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} timed out after ${ms} ms`)), Math.max(1, ms));
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

function snapshot(page: Page, ms: number): Promise<PageState> {
  return withTimeout(
    page.evaluate(() => (globalThis as unknown as { __kinoraSnapshot(): PageState }).__kinoraSnapshot()),
    ms,
    'page.evaluate',
  );
}

/** Primary language subtag, so 'fr' matches 'fr-CA' (the players pass the manifest's tag through). */
function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? '';
}

/** A text track in `language` is showing and holds at least one cue. */
export function subtitlesShown(tracks: TextTrackSeen[], language: string): boolean {
  return tracks.some((t) => primaryLanguage(t.language) === primaryLanguage(language) && t.mode === 'showing' && t.cues.length > 0);
}

export async function playInBrowser(options: PlayOptions): Promise<PlayResult> {
  const minSeconds = options.minSeconds ?? 10;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  const deadline = started + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const errors: string[] = []; // collected on the Node side (network, console, page errors)
  const log: string[] = [];
  const nlog = (m: string) => log.push(`[node +${((Date.now() - started) / 1000).toFixed(2)}s] ${m}`);

  let state: PageState | null = null;
  let framesGrew = false;
  let context: BrowserContext | null = null;
  let screenshotPath: string | undefined;

  try {
    const s = await withTimeout(getShared(), left(), 'browser launch');
    context = await withTimeout(s.browser.newContext({ viewport: { width: 640, height: 360 } }), left(), 'newContext');
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
      else if (playerLog) nlog(`console ${m.type()}: ${m.text().slice(0, 300)}`);
      else if (m.type() === 'warning') nlog(`console warning: ${m.text().slice(0, 300)}`);
    });
    page.on('requestfailed', (r) => {
      const why = r.failure()?.errorText ?? 'unknown';
      // Players abort in-flight requests on purpose (switches, buffer flushes).
      if (why.includes('ERR_ABORTED')) nlog(`request aborted: ${r.method()} ${r.url()}`);
      else errors.push(`request failed: ${r.method()} ${r.url()} ${why}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
      if (process.env.KINORA_BROWSER_LOG_REQUESTS) nlog(`response ${r.status()} ${r.url()}`);
    });
    page.on('crash', () => errors.push('page crashed'));

    const pageUrl = `${s.pageBase}/play.html?player=${options.player}${options.smooth ? '&smooth=1' : ''}`;
    await page.goto(pageUrl, { waitUntil: 'load', timeout: left() });
    await withTimeout(
      page.evaluate(
        (cfg) => (globalThis as unknown as { __kinoraStart(c: unknown): boolean }).__kinoraStart(cfg),
        {
          url: options.url,
          player: options.player,
          switchRendition: !!options.switchRendition,
          switchAfter: 3,
          smooth: !!options.smooth,
          clearKeys: options.clearKeys ?? null,
          audioLanguage: options.audioLanguage ?? null,
          audioSwitchAfter: 2,
          subtitles: options.subtitles ?? null,
          playerLog,
        },
      ),
      left(),
      'start',
    );

    let first: { t: number; frames: number } | null = null;
    let firstErrorAt: number | null = null;
    for (;;) {
      state = await snapshot(page, Math.min(left(), 10_000));
      const now = Date.now();
      if (state.totalVideoFrames > 0 || state.currentTime > 0) {
        if (first === null) first = { t: now, frames: state.totalVideoFrames };
        else if (now - first.t >= 1000 && state.totalVideoFrames > first.frames) framesGrew = true;
      }
      const allErrors = errors.length + state.errors.length;
      const switchDone = !options.switchRendition || (state.switched?.confirmed ?? false);
      const audioDone = !options.audioLanguage || (state.audioSwitched?.confirmed ?? false);
      const textDone = !options.subtitles || subtitlesShown(state.textTracks, options.subtitles);
      if (state.currentTime > minSeconds && framesGrew && switchDone && audioDone && textDone) {
        nlog(`criteria met at currentTime=${state.currentTime.toFixed(2)}`);
        break;
      }
      if (allErrors > 0) {
        firstErrorAt ??= now;
        // A little grace to collect related errors, less when the player gave up.
        if (now - firstErrorAt >= (state.fatal ? 500 : 2000)) {
          nlog('stopping early because of errors');
          break;
        }
      }
      if (state.ended) {
        nlog(`media ended at currentTime=${state.currentTime.toFixed(2)} before the criteria were met`);
        break;
      }
      if (now + 250 >= deadline) {
        errors.push(
          `timeout after ${timeoutMs} ms: currentTime=${state.currentTime.toFixed(2)} (need > ${minSeconds}), ` +
            `framesGrew=${framesGrew}, switch=${JSON.stringify(state.switched)}` +
            (options.audioLanguage ? `, audioSwitched=${JSON.stringify(state.audioSwitched)}` : '') +
            (options.subtitles ? `, subtitles shown=${subtitlesShown(state.textTracks, options.subtitles)}` : ''),
        );
        break;
      }
      await sleep(250);
    }

    if (options.screenshotPath) {
      try {
        await page.screenshot({ path: options.screenshotPath, timeout: 5000 });
        screenshotPath = options.screenshotPath;
      } catch (e) {
        nlog(`screenshot failed: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    errors.push(`harness: ${(e as Error).message}`);
  } finally {
    if (context) await withTimeout(context.close(), 5000, 'context.close').catch(() => {});
  }

  const allErrors = [...(state?.errors ?? []), ...errors];
  const switched = options.switchRendition
    ? (state?.switched ?? { from: state?.current ?? '', to: '', confirmed: false })
    : undefined;
  const audioSwitched = options.audioLanguage
    ? (state?.audioSwitched ?? { from: '', to: '', confirmed: false })
    : undefined;
  const textTracks = state?.textTracks ?? [];
  const currentTime = state?.currentTime ?? 0;
  const ok =
    allErrors.length === 0 &&
    currentTime > minSeconds &&
    framesGrew &&
    (!options.switchRendition || (switched?.confirmed ?? false)) &&
    (!audioSwitched || audioSwitched.confirmed) &&
    (!options.subtitles || subtitlesShown(textTracks, options.subtitles));
  return {
    ok,
    player: options.player,
    currentTime,
    totalVideoFrames: state?.totalVideoFrames ?? 0,
    framesGrew,
    renditions: state?.renditions ?? [],
    ...(switched ? { switched } : {}),
    audioTracks: state?.audioTracks ?? [],
    ...(audioSwitched ? { audioSwitched, audioPeakHz: { beforeSwitch: state?.audioPeakBeforeSwitchHz ?? null, atEnd: state?.audioPeakHz ?? null } } : {}),
    textTracks,
    errors: allErrors,
    ...(screenshotPath ? { screenshotPath } : {}),
    log: [
      ...(state?.log ?? []),
      ...log,
      ...(state ? [`final: ${state.videoWidth}x${state.videoHeight} dropped=${state.droppedVideoFrames} current=${state.current}`] : []),
    ],
  };
}
