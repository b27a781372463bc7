/** What `writeTransportStreamSegment` returns: one MPEG-TS media segment (RFC 8216 3.2). */
export interface TransportStreamSegment {
  bytes: Uint8Array;
  /**
   * For `EXT-X-I-FRAME-STREAM-INF` playlists with `EXT-X-BYTERANGE` (RFC 8216
   * 4.3.2.2, 4.3.3.6): one entry per video keyframe, in decode order. The
   * range starts at the PAT that precedes the keyframe's PMT and PES, so it
   * decodes alone, and ends with the keyframe's last TS packet. `decodeTime`
   * is the sample's, in ticks of the video track timescale.
   */
  keyframes: { offset: number; length: number; decodeTime: number }[];
}
