import type { PlayerName } from './PlayerAdapter.ts';

/** What the user chose in the player menu. */
export type PlayerChoice = 'auto' | 'hlsjs' | 'dashjs' | 'shaka';

export type ManifestKind = 'hls' | 'dash' | 'smooth';

/**
 * The manifest type, from the URL's path (`.m3u8`, `.mpd`, `.ism/Manifest`,
 * `.isml/Manifest`) or, when the path does not tell, from the manifest's
 * first bytes (`#EXTM3U`, `<MPD`, `<SmoothStreamingMedia`).
 */
export function manifestKindOf(url: string, text?: string): ManifestKind | undefined {
  let path = url;
  try {
    path = new URL(url, 'http://x').pathname;
  } catch {
    // keep the raw string
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.m3u8') || lower.endsWith('.m3u')) return 'hls';
  if (lower.endsWith('.mpd')) return 'dash';
  if (/\.isml?\/manifest$/.test(lower) || lower.endsWith('/manifest')) return 'smooth';
  const head = (text ?? '').replace(/^\uFEFF/, '').trimStart().slice(0, 512);
  if (head.startsWith('#EXTM3U')) return 'hls';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<MPD[\s>]/.test(head)) return 'dash';
  if (/^(<\?xml[^>]*>\s*)?<SmoothStreamingMedia[\s>]/.test(head)) return 'smooth';
  return undefined;
}

/**
 * Which library plays a manifest: hls.js for HLS, dash.js for DASH, dash.js
 * with its MSS plugin for Smooth; shaka when asked for (HLS and DASH), and
 * for HLS whose fMP4 segments are sample-encrypted with an identity key,
 * which hls.js cannot decrypt. A choice that cannot play the manifest is
 * refused in words.
 */
export function pickPlayer(kind: ManifestKind, choice: PlayerChoice, hls: { sampleEncryptedFmp4?: boolean } = {}): { player: PlayerName } | { error: string } {
  if (choice === 'auto') {
    // hls.js cannot decrypt samples in fMP4 with the key at the key URI (see sampleEncryptedFmp4Of); shaka can.
    if (kind === 'hls' && hls.sampleEncryptedFmp4) return { player: 'shaka' };
    return { player: kind === 'hls' ? 'hlsjs' : kind === 'dash' ? 'dashjs' : 'dashjs-mss' };
  }
  if (choice === 'hlsjs') return kind === 'hls' ? { player: 'hlsjs' } : { error: `hls.js plays HLS (.m3u8) only; this is a ${describeKind(kind)} manifest. Choose Automatic or dash.js.` };
  if (choice === 'dashjs') return kind === 'hls' ? { error: 'dash.js does not play HLS; choose Automatic, hls.js or shaka.' } : { player: kind === 'smooth' ? 'dashjs-mss' : 'dashjs' };
  return kind === 'smooth' ? { error: 'shaka does not play Smooth Streaming; choose Automatic or dash.js.' } : { player: 'shaka' };
}

export function describeKind(kind: ManifestKind): string {
  return kind === 'hls' ? 'HLS' : kind === 'dash' ? 'DASH' : 'Smooth Streaming';
}

/**
 * Whether an HLS media playlist has fMP4 segments (`EXT-X-MAP`) whose samples
 * are encrypted (`METHOD=SAMPLE-AES`, `SAMPLE-AES-CTR` or `SAMPLE-AES-CENC`)
 * with the key itself at the key URI (`KEYFORMAT="identity"`, the default):
 * Kinora's CMAF endpoints with ClearKey. hls.js decrypts identity keys only
 * for AES-128 and SAMPLE-AES in MPEG-TS.
 */
export function sampleEncryptedFmp4Of(mediaPlaylist: string): boolean {
  if (!/^#EXT-X-MAP:/m.test(mediaPlaylist)) return false;
  for (const m of mediaPlaylist.matchAll(/^#EXT-X-KEY:(.*)$/gm)) {
    const method = /(?:^|,)METHOD=([A-Z0-9-]+)/.exec(m[1])?.[1];
    const format = /(?:^|,)KEYFORMAT="([^"]*)"/.exec(m[1])?.[1];
    if (isSampleKeyHlsJsCannotUse(method, format)) return true;
  }
  return false;
}

/** In fMP4: an `EXT-X-KEY` method that encrypts samples (SAMPLE-AES, -CTR, -CENC) with the key at its URI (identity, the default format). */
export function isSampleKeyHlsJsCannotUse(method: string | undefined, keyFormat: string | undefined): boolean {
  return method !== undefined && method.startsWith('SAMPLE-AES') && (keyFormat ?? 'identity') === 'identity';
}

/** The first media playlist a multivariant playlist names (a variant's URI line), absolute; undefined for a media playlist. */
export function firstMediaPlaylistOf(playlist: string, base: string): string | undefined {
  const lines = playlist.split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith('#EXT-X-STREAM-INF:'));
  if (at < 0) return undefined;
  const uri = lines.slice(at + 1).find((l) => l.trim() !== '' && !l.startsWith('#'));
  return uri ? new URL(uri.trim(), base).href : undefined;
}
