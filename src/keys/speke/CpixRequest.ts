import type { KeyUsageRule } from '../KeyUsageRule.ts';

/** What one SPEKE exchange asks: the content, the scheme, the DRM systems and one key ID per usage rule. */
export interface CpixRequest {
  /** SPEKE v1 (CPIX 2.0) or v2 (CPIX 2.3). */
  version: 1 | 2;
  /** `CPIX@id` (v1) / `CPIX@contentId` (v2): the asset's `resourceId`. */
  contentId: string;
  /** SPEKE v2 `ContentKey@commonEncryptionScheme` (`cenc`, `cbcs`); HLS AES-128 is v1 only. */
  scheme: 'cenc' | 'cbcs' | 'aes-128';
  /** Lower-case dashed system IDs. */
  systemIds: readonly string[];
  /** The key IDs Kinora chose, one per rule (SPEKE: the encryptor creates the KIDs). */
  keys: { kid: Uint8Array; rule: KeyUsageRule }[];
}
