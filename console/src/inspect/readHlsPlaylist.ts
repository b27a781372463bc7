/** A variant of an HLS multivariant playlist (RFC 8216bis 4.4.6.2). */
export interface HlsVariant {
  uri: string;
  bandwidth: number;
  averageBandwidth?: number;
  resolution?: string;
  codecs?: string;
  frameRate?: number;
}

/** An EXT-X-MEDIA rendition (RFC 8216bis 4.4.6.1). */
export interface HlsMedia {
  type: string;
  name: string;
  language?: string;
  uri?: string;
}

export interface HlsSegment {
  uri: string;
  durationSeconds: number;
}

/** Attribute list of a tag (`BANDWIDTH=1,CODECS="a,b"`) (RFC 8216bis 4.2). */
function attributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
  return out;
}

/**
 * Reads a playlist's variants, renditions and segments, with every URI
 * resolved against `baseUrl`. A multivariant playlist has variants; a media
 * playlist has segments.
 */
export function readHlsPlaylist(text: string, baseUrl: string): { variants: HlsVariant[]; media: HlsMedia[]; segments: HlsSegment[] } {
  const variants: HlsVariant[] = [];
  const media: HlsMedia[] = [];
  const segments: HlsSegment[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  let pendingVariant: Omit<HlsVariant, 'uri'> | undefined;
  let pendingDuration: number | undefined;
  for (const line of lines) {
    if (line === '') continue;
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const a = attributes(line.slice(18));
      pendingVariant = { bandwidth: Number(a.BANDWIDTH), ...(a['AVERAGE-BANDWIDTH'] ? { averageBandwidth: Number(a['AVERAGE-BANDWIDTH']) } : {}), resolution: a.RESOLUTION, codecs: a.CODECS, ...(a['FRAME-RATE'] ? { frameRate: Number(a['FRAME-RATE']) } : {}) };
    } else if (line.startsWith('#EXT-X-MEDIA:')) {
      const a = attributes(line.slice(13));
      media.push({ type: a.TYPE, name: a.NAME, language: a.LANGUAGE, uri: a.URI ? new URL(a.URI, baseUrl).href : undefined });
    } else if (line.startsWith('#EXTINF:')) {
      pendingDuration = Number(line.slice(8).split(',')[0]);
    } else if (!line.startsWith('#')) {
      const uri = new URL(line, baseUrl).href;
      if (pendingVariant) variants.push({ uri, ...pendingVariant });
      else if (pendingDuration !== undefined) segments.push({ uri, durationSeconds: pendingDuration });
      pendingVariant = undefined;
      pendingDuration = undefined;
    }
  }
  return { variants, media, segments };
}
