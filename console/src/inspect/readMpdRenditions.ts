/** A Representation of a DASH MPD (ISO/IEC 23009-1 5.3.5) as the console lists it. */
export interface MpdRendition {
  id: string;
  contentType: string;
  bandwidth: number;
  width?: number;
  height?: number;
  codecs?: string;
  language?: string;
  /** Segments listed by the SegmentTimeline (`S@r` counted), when there is one. */
  segmentCount?: number;
}

/** Representations of every AdaptationSet of every Period (DOMParser: browser only). */
export function readMpdRenditions(xml: string): MpdRendition[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out: MpdRendition[] = [];
  for (const set of doc.getElementsByTagNameNS('*', 'AdaptationSet')) {
    const setTimeline = set.querySelector(':scope > SegmentTemplate > SegmentTimeline');
    for (const rep of set.getElementsByTagNameNS('*', 'Representation')) {
      const attr = (n: string) => rep.getAttribute(n) ?? set.getAttribute(n) ?? undefined;
      const mime = attr('mimeType') ?? '';
      const timeline = rep.querySelector(':scope > SegmentTemplate > SegmentTimeline') ?? setTimeline;
      let segmentCount: number | undefined;
      if (timeline) {
        segmentCount = 0;
        for (const s of timeline.getElementsByTagNameNS('*', 'S')) segmentCount += 1 + Math.max(0, Number(s.getAttribute('r') ?? 0));
      }
      out.push({
        id: rep.getAttribute('id') ?? '',
        contentType: set.getAttribute('contentType') ?? mime.split('/')[0] ?? '',
        bandwidth: Number(rep.getAttribute('bandwidth') ?? 0),
        ...(attr('width') ? { width: Number(attr('width')) } : {}),
        ...(attr('height') ? { height: Number(attr('height')) } : {}),
        codecs: attr('codecs'),
        language: set.getAttribute('lang') ?? undefined,
        ...(segmentCount !== undefined ? { segmentCount } : {}),
      });
    }
  }
  return out;
}
