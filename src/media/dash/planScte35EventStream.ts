import type { SourceBreak } from '../index/SourceIndex.ts';
import { planAdBreaks } from '../scte35/planAdBreaks.ts';
import { SCTE35_XML_NAMESPACE, writeSpliceInsertXml } from '../scte35/writeSpliceInsertXml.ts';
import type { MpdEventStream } from './writeMpd.ts';

/** SCTE 214-1 / SCTE 35: SCTE-35 messages in XML form in a DASH EventStream. */
export const SCTE35_XML_SCHEME = 'urn:scte:scte35:2013:xml';

/**
 * A source's ad breaks as a DASH `EventStream` (`urn:scte:scte35:2013:xml`,
 * 90 kHz): at each break a `splice_insert` out of the network with the break
 * duration (also the Event's `duration`), and where the break ends, before
 * the end of the presentation, a `splice_insert` back in, both with the
 * break's event id. With `periodTriggers: ADS` each lands first in its own
 * Period, as MediaTailor looks for it. PTS times are the output timeline's
 * (DASH media time starts at 0).
 */
export function planScte35EventStream(breaks: readonly SourceBreak[], presentationEndSeconds: number): MpdEventStream {
  const indent = '        ';
  const events = planAdBreaks(breaks, presentationEndSeconds).flatMap((b) => {
    const out = {
      id: 2 * b.eventId - 1,
      presentationTimeSeconds: b.startSeconds,
      durationSeconds: b.durationSeconds,
      body: writeSpliceInsertXml({ eventId: b.eventId, outOfNetwork: true, pts90k: b.startSeconds * 90_000, breakDuration90k: b.durationSeconds * 90_000 }, indent),
    };
    if (b.endSeconds === undefined || b.endSeconds >= presentationEndSeconds) return [out];
    return [out, { id: 2 * b.eventId, presentationTimeSeconds: b.endSeconds, body: writeSpliceInsertXml({ eventId: b.eventId, outOfNetwork: false, pts90k: b.endSeconds * 90_000 }, indent) }];
  });
  return { schemeIdUri: SCTE35_XML_SCHEME, timescale: 90_000, namespaces: { scte35: SCTE35_XML_NAMESPACE }, events };
}
