/**
 * The RFC 6381 codecs value of a Dolby track: the sample entry code alone,
 * `ac-3` or `ec-3` (ETSI TS 102 366 F.3 / F.5; as DASH-IF IOP 9.2 and Apple's
 * HLS authoring specification write them, with no profile suffix).
 */
export function ac3CodecString(codec: 'ac3' | 'ec3'): 'ac-3' | 'ec-3' {
  return codec === 'ac3' ? 'ac-3' : 'ec-3';
}
