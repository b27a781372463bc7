import type { KeyUsageRule } from './KeyUsageRule.ts';

/**
 * What a key provider is asked for: the content keys of one asset packaged
 * by one configuration (MediaPackage VOD fetches them once per asset and
 * configuration, and SPEKE names the content by the asset's `resourceId`),
 * one per rule of the configuration's encryption contract.
 */
export interface KeyRequest {
  assetId: string;
  /** The SPEKE content ID: the asset's `resourceId`, else its id. */
  resourceId: string;
  configurationId: string;
  /**
   * Change when the asset or configuration is made again under the same id
   * (their egress hashes): keys fetched from a key server for the previous
   * one are not reused for the new one.
   */
  assetHash?: string;
  configurationHash?: string;
  /** DRM system IDs of the configuration's `spekeKeyProvider.systemIds`, lower-case dashed UUIDs. */
  systemIds: readonly string[];
  /** The scheme the keys will encrypt with (Widevine `pssh` data and the PlayReady header name it; SPEKE v2 `commonEncryptionScheme`). */
  scheme: 'cenc' | 'cbcs' | 'aes-128';
  /** One key is asked per rule, in this order (`planKeyUsageRules`). Absent: one `ALL` key. */
  rules?: readonly KeyUsageRule[];
  /** `spekeKeyProvider.url`. */
  url?: string;
  /** `spekeKeyProvider.roleArn`: which credentials sign the SPEKE request. */
  roleArn?: string;
  /** SPEKE v2 (CPIX 2.3) when the configuration has `encryptionContractConfiguration`, else v1 (CPIX 2.0). */
  spekeVersion?: 1 | 2;
}
