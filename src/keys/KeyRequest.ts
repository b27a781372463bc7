/**
 * What a key provider is asked for: the content key of one asset packaged by
 * one configuration (MediaPackage VOD fetches one key per asset and
 * configuration, and SPEKE names the content by the asset's `resourceId`).
 */
export interface KeyRequest {
  assetId: string;
  /** The SPEKE content ID: the asset's `resourceId`, else its id. */
  resourceId: string;
  configurationId: string;
  /** DRM system IDs of the configuration's `spekeKeyProvider.systemIds`, lower case. */
  systemIds: readonly string[];
  /** The scheme the key will encrypt with (Widevine `pssh` data names it). */
  scheme: 'cenc' | 'cbcs' | 'aes-128';
}
