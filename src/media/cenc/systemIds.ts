/**
 * DRM system IDs (DASH-IF registry, https://dashif.org/identifiers/content_protection/),
 * lower case as SPEKE and MediaPackage configurations spell them.
 */
export const systemIds = {
  /** W3C Common PSSH box format: the EME "cenc" initialisation data of ClearKey (W3C EME Initialization Data Format Registry). */
  common: '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b',
  /** W3C ClearKey in DASH (DASH-IF IOP 4.3 7.6.2.4): `ContentProtection` with a license URL. */
  clearKey: 'e2719d58-a985-b3c9-781a-b030af78d30e',
  widevine: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed',
  playReady: '9a04f079-9840-4286-ab92-e65be0885f95',
  fairPlay: '94ce86fb-07ff-4f43-adb8-93d2fa968ca2',
  /** HLS AES-128 ("Clear Key AES 128" in SPEKE): MediaPackage's system ID for `encryptionMethod: AES_128`. */
  aes128: '81376844-f976-481e-a84e-cc25d39b0b33',
} as const;
