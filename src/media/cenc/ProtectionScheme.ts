/**
 * Common Encryption schemes Kinora writes (ISO/IEC 23001-7 4.2): `cenc`
 * (AES-CTR, full protected ranges, per-sample IVs) for DASH, and `cbcs`
 * (AES-CBC with a 1:9 pattern on video, a constant IV) for CMAF/HLS.
 */
export type ProtectionScheme = 'cenc' | 'cbcs';
