import type { PlayerAdapter, PlayerEvents, Rendition } from './PlayerAdapter.ts';
import { isSampleKeyHlsJsCannotUse } from './pickPlayer.ts';

/** hls.js errors that it recovers from by itself: logged, not shown as failures. */
const BENIGN = new Set(['bufferStalledError', 'bufferNudgeOnStall', 'bufferSeekOverHole', 'bufferFullError', 'bufferAppendNoProgress']);

const DETAILS: Record<string, string> = {
  manifestLoadError: 'the manifest could not be loaded',
  manifestLoadTimeOut: 'the manifest took too long to load',
  manifestParsingError: 'the manifest is not a valid HLS playlist',
  levelLoadError: 'a media playlist could not be loaded',
  fragLoadError: 'a segment could not be loaded',
  fragParsingError: 'a segment could not be read',
  bufferAppendError: 'the browser could not decode a segment',
  manifestIncompatibleCodecsError: 'the browser cannot play any rendition of this manifest (codecs)',
  keyLoadError: 'a decryption key could not be loaded',
};

/**
 * The encryption of a media playlist that hls.js cannot play, in words: samples
 * encrypted in fMP4 segments (`cbcs` for SAMPLE-AES, `cenc` for SAMPLE-AES-CTR)
 * with the key itself at the key URI (`KEYFORMAT="identity"`, the default), as
 * Kinora's CMAF endpoints with ClearKey write it. hls.js decrypts identity keys
 * only for whole segments (AES-128) and SAMPLE-AES in MPEG-TS; in fMP4 it hands
 * the encrypted samples to the browser without a key, which waits forever
 * (no error, no frame). shaka-player plays such a stream with ClearKey.
 */
function unplayableEncryption(details: any): string | undefined {
  for (const frag of details?.encryptedFragments ?? []) {
    if (!frag.initSegment) continue;
    for (const key of Object.values<any>(frag.levelkeys ?? {})) {
      if (isSampleKeyHlsJsCannotUse(key?.method, key?.keyFormat)) return `${key.method} in fMP4 segments (${key.method === 'SAMPLE-AES' ? 'cbcs' : 'cenc'}) with the key at its key URI (KEYFORMAT="identity")`;
    }
  }
  return undefined;
}

/** hls.js (bundled, loaded on demand) behind the `PlayerAdapter` interface. */
export async function startHlsjs(video: HTMLVideoElement, url: string, events: PlayerEvents): Promise<PlayerAdapter> {
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) throw new Error('This browser cannot play HLS with hls.js (no Media Source Extensions).');
  const hls = new Hls({ enableWorker: true });
  hls.on(Hls.Events.ERROR, (_e, d: any) => {
    if (!d.fatal && (BENIGN.has(d.details) || d.details === 'aborted')) return;
    const code = d.response?.code;
    const what = DETAILS[d.details] ?? `hls.js reported ${d.details}`;
    events.error(`${what.charAt(0).toUpperCase()}${what.slice(1)}${code ? ` (HTTP ${code})` : ''}${d.fatal ? '; playback stopped' : ''}.`, !!d.fatal);
  });
  let refused = false;
  const refuseEncryption = (_e: unknown, d: any) => {
    const how = refused ? undefined : unplayableEncryption(d.details);
    if (!how) return;
    refused = true;
    hls.stopLoad();
    events.error(`This stream is encrypted with ${how}, which hls.js cannot decrypt; playback stopped. Choose Automatic or shaka-player as the Player and press Preview: shaka-player plays this encryption with ClearKey.`, true);
  };
  hls.on(Hls.Events.LEVEL_LOADED, refuseEncryption);
  hls.on(Hls.Events.AUDIO_TRACK_LOADED, refuseEncryption);
  for (const ev of [Hls.Events.MANIFEST_PARSED, Hls.Events.LEVEL_SWITCHED, Hls.Events.AUDIO_TRACKS_UPDATED, Hls.Events.AUDIO_TRACK_SWITCHED, Hls.Events.SUBTITLE_TRACKS_UPDATED, Hls.Events.SUBTITLE_TRACK_SWITCH]) {
    hls.on(ev, () => events.changed());
  }
  hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => {}));
  hls.loadSource(url);
  hls.attachMedia(video);
  const rendition = (l: any, i: number): Rendition => ({ id: String(i), bitrate: l.bitrate, width: l.width || undefined, height: l.height || undefined, codecs: l.videoCodec || l.codecSet });
  return {
    name: 'hlsjs',
    renditions: () => (hls.levels ?? []).map(rendition),
    current: () => {
      const i = hls.currentLevel >= 0 ? hls.currentLevel : hls.loadLevel;
      return i >= 0 && hls.levels[i] ? rendition(hls.levels[i], i) : undefined;
    },
    isAuto: () => hls.autoLevelEnabled,
    selectRendition: (id) => {
      hls.currentLevel = id === 'auto' ? -1 : Number(id);
      events.changed();
    },
    audioTracks: () => (hls.audioTracks ?? []).map((t: any, i: number) => ({ id: String(i), language: t.lang ?? '', label: t.name ?? '' })),
    currentAudio: () => (hls.audioTrack >= 0 ? String(hls.audioTrack) : undefined),
    selectAudio: (id) => {
      hls.audioTrack = Number(id);
    },
    textTracks: () => (hls.subtitleTracks ?? []).map((t: any, i: number) => ({ id: String(i), language: t.lang ?? '', label: t.name ?? '' })),
    currentText: () => (hls.subtitleDisplay && hls.subtitleTrack >= 0 ? String(hls.subtitleTrack) : 'off'),
    selectText: (id) => {
      if (id === 'off') {
        hls.subtitleTrack = -1;
        hls.subtitleDisplay = false;
      } else {
        hls.subtitleDisplay = true;
        hls.subtitleTrack = Number(id);
      }
      events.changed();
    },
    destroy: () => hls.destroy(),
  };
}
