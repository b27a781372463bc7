import type { SpliceInsert } from './writeSpliceInsertSection.ts';

/** The SCTE 35 XML schema namespace (SCTE 35 2016 and later), bound to the `scte35` prefix. */
export const SCTE35_XML_NAMESPACE = 'http://www.scte.org/schemas/35/2016';

const PTS_WRAP = 2 ** 33;

/**
 * The same `splice_info_section` as `writeSpliceInsertSection`, in SCTE 35's
 * XML form (the `scte35:` prefix must be bound to `SCTE35_XML_NAMESPACE`):
 * what DASH carries in an `Event` of an `urn:scte:scte35:2013:xml`
 * EventStream, and MediaTailor reads.
 */
export function writeSpliceInsertXml(insert: SpliceInsert, indent = ''): string {
  const immediate = insert.pts90k === undefined;
  const lines = [
    `${indent}<scte35:SpliceInfoSection protocolVersion="0" ptsAdjustment="0" tier="4095">`,
    `${indent}  <scte35:SpliceInsert spliceEventId="${insert.eventId >>> 0}" spliceEventCancelIndicator="false" outOfNetworkIndicator="${insert.outOfNetwork}" spliceImmediateFlag="${immediate}" uniqueProgramId="0" availNum="0" availsExpected="0">`,
  ];
  // program_splice_flag is 1: a Program element, with the splice time unless the splice is immediate.
  lines.push(immediate ? `${indent}    <scte35:Program/>` : `${indent}    <scte35:Program><scte35:SpliceTime ptsTime="${((Math.round(insert.pts90k!) % PTS_WRAP) + PTS_WRAP) % PTS_WRAP}"/></scte35:Program>`);
  if (insert.breakDuration90k !== undefined) lines.push(`${indent}    <scte35:BreakDuration autoReturn="true" duration="${Math.max(0, Math.round(insert.breakDuration90k)) % PTS_WRAP}"/>`);
  lines.push(`${indent}  </scte35:SpliceInsert>`, `${indent}</scte35:SpliceInfoSection>`);
  return lines.join('\n');
}
