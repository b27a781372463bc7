/**
 * The constant added to every PTS and DTS that `writeTransportStreamSegment`
 * writes, in 90 kHz ticks: 1.4 s, ffmpeg's mpegts muxer default (twice its
 * 0.7 s max_delay). Kinora's timeline starts at 0 and a PCR must precede the
 * first DTS by the decoder buffering time (ISO/IEC 13818-1 2.7.2 / T-STD 2.4.2),
 * so timestamps need room below them; B-frame decode delays come off the DTS
 * too. A WebVTT rendition of the same output maps its cues with
 * `X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000` (RFC 8216 3.5).
 */
export const defaultTsTimeOffset90k = 126_000;
