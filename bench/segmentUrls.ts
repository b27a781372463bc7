/**
 * Lists every media segment URL a player could request, read from the
 * origin's own manifests (so the benchmark follows whatever URLs Kinora
 * advertises): HLS multivariant -> media playlists -> segment lines, and the
 * MPD's SegmentTemplate (SegmentTimeline or @duration). Init segments are
 * left out: a player fetches each once, media segments dominate.
 */

export interface ManifestUrls {
  /** The manifest itself (multivariant playlist or MPD). */
  manifest: string;
  /** HLS media playlists (empty for DASH). */
  mediaPlaylists: string[];
  segments: string[];
}

/** HLS (RFC 8216): media playlists from the multivariant playlist, then their segment URIs. */
export async function hlsSegmentUrls(multivariantUrl: string): Promise<ManifestUrls> {
  const multivariant = await text(multivariantUrl);
  const mediaPlaylists = [...new Set([...uriLines(multivariant), ...[...multivariant.matchAll(/#EXT-X-MEDIA:[^\n]*URI="([^"]+)"/g)].map((m) => m[1])])].map((u) => new URL(u, multivariantUrl).href);
  const segments: string[] = [];
  for (const playlist of mediaPlaylists) segments.push(...uriLines(await text(playlist)).map((u) => new URL(u, playlist).href));
  return { manifest: multivariantUrl, mediaPlaylists, segments };
}

/** DASH (ISO/IEC 23009-1 5.3.9.4 SegmentTemplate, 5.3.9.6 SegmentTimeline), static MPDs. */
export async function dashSegmentUrls(mpdUrl: string): Promise<ManifestUrls> {
  const mpd = await text(mpdUrl);
  const totalSeconds = isoDurationSeconds(/mediaPresentationDuration="([^"]+)"/.exec(mpd)?.[1] ?? 'PT0S');
  const segments: string[] = [];
  for (const set of mpd.matchAll(/<AdaptationSet\b[\s\S]*?<\/AdaptationSet>/g)) {
    const setXml = set[0];
    const inherited = templateOf(setXml.replace(/<Representation\b[\s\S]*?<\/Representation>|<Representation\b[^>]*\/>/g, ''));
    for (const rep of setXml.matchAll(/<Representation\b[^>]*?(?:\/>|>[\s\S]*?<\/Representation>)/g)) {
      const id = /\bid="([^"]+)"/.exec(rep[0])?.[1] ?? '';
      const template = templateOf(rep[0]) ?? inherited;
      if (!template) throw new Error(`${mpdUrl}: representation ${id} has no SegmentTemplate`);
      for (const { number, time } of template.segments(totalSeconds)) {
        const path = template.media.replaceAll('$RepresentationID$', id).replaceAll('$Number$', String(number)).replaceAll('$Time$', String(time)).replaceAll('$$', '$');
        segments.push(new URL(path, mpdUrl).href);
      }
    }
  }
  return { manifest: mpdUrl, mediaPlaylists: [], segments };
}

interface Template {
  media: string;
  segments(totalSeconds: number): { number: number; time: number }[];
}

function templateOf(xml: string): Template | undefined {
  const m = /<SegmentTemplate\b([^>]*?)(?:\/>|>([\s\S]*?)<\/SegmentTemplate>)/.exec(xml);
  if (!m) return undefined;
  const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1])?.[1];
  const media = attr('media');
  if (!media) return undefined;
  const timescale = Number(attr('timescale') ?? 1);
  const startNumber = Number(attr('startNumber') ?? 1);
  const timeline = m[2] ?? '';
  return {
    media,
    segments(totalSeconds) {
      const out: { number: number; time: number }[] = [];
      if (/<S\b/.test(timeline)) {
        let time = 0;
        for (const s of timeline.matchAll(/<S\b([^>]*)\/>/g)) {
          const sAttr = (name: string) => new RegExp(`\\b${name}="(-?\\d+)"`).exec(s[1])?.[1];
          if (sAttr('t') !== undefined) time = Number(sAttr('t'));
          const d = Number(sAttr('d'));
          const repeat = Number(sAttr('r') ?? 0);
          if (repeat < 0) throw new Error('SegmentTimeline @r=-1 is not supported by the benchmark');
          for (let i = 0; i <= repeat; i++) {
            out.push({ number: startNumber + out.length, time });
            time += d;
          }
        }
      } else {
        const duration = Number(attr('duration'));
        const count = Math.ceil((totalSeconds * timescale) / duration - 1e-9);
        for (let i = 0; i < count; i++) out.push({ number: startNumber + i, time: i * duration });
      }
      return out;
    },
  };
}

function uriLines(playlist: string): string[] {
  return playlist.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** ISO 8601 durations as used in MPDs (PnDTnHnMnS). */
function isoDurationSeconds(value: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(value);
  if (!m) throw new Error(`unsupported ISO 8601 duration ${value}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Smooth Streaming (MS-SSTR 2.2.2): every `QualityLevels(<bitrate>)/Fragments(<name>=<t>)` of every StreamIndex. */
export async function smoothSegmentUrls(manifestUrl: string): Promise<ManifestUrls> {
  const xml = await text(manifestUrl);
  const segments: string[] = [];
  for (const stream of xml.matchAll(/<StreamIndex\b([^>]*)>([\s\S]*?)<\/StreamIndex>/g)) {
    const url = /\bUrl="([^"]+)"/.exec(stream[1])?.[1];
    if (!url) throw new Error(`${manifestUrl}: a StreamIndex without Url`);
    const bitrates = [...stream[2].matchAll(/<QualityLevel\b[^>]*\bBitrate="(\d+)"/g)].map((m) => m[1]);
    const times = [...stream[2].matchAll(/<c\b[^>]*\bt="(\d+)"/g)].map((m) => m[1]);
    for (const bitrate of bitrates) {
      for (const t of times) segments.push(new URL(url.replace('{bitrate}', bitrate).replace('{start time}', t), manifestUrl).href);
    }
  }
  return { manifest: manifestUrl, mediaPlaylists: [], segments };
}
