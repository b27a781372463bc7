/**
 * What a PlayReady Header Object says about one key (PlayReady Header
 * Specification): the key ID, the cipher (`cenc` = AESCTR, `cbcs` =
 * AESCBC), the checksum of an AES-CTR key and the license acquisition URL.
 */
export interface PlayReadyHeader {
  kid: Uint8Array;
  scheme: 'cenc' | 'cbcs';
  /** 8 bytes (`computePlayReadyChecksum`); AES-CTR only. */
  checksum?: Uint8Array;
  /** `LA_URL`: where a PlayReady client asks for the license. */
  licenseUrl?: string;
}
