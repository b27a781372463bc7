/**
 * One `EXT-X-KEY` / `EXT-X-SESSION-KEY` (RFC 8216 4.3.2.4, 4.3.4.5): how
 * the segments that follow are encrypted and where a player gets the key.
 */
export interface HlsKey {
  method: 'AES-128' | 'SAMPLE-AES';
  /** The key URI: a key file for `identity`, `skd://...` for FairPlay. */
  uri: string;
  /** The IV attribute; none means the Media Sequence Number (AES-128) or the sample encryption boxes (fMP4 SAMPLE-AES). */
  iv?: Uint8Array;
  /** `identity` (the default), `com.apple.streamingkeydelivery` (FairPlay)... */
  keyFormat?: string;
  keyFormatVersions?: string;
}
