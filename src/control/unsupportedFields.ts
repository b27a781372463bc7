/**
 * Packaging-configuration fields Kinora does not implement yet. A create
 * request that uses one gets a 422 UnprocessableEntityException naming the
 * field: Kinora never accepts a setting it would silently ignore. When a
 * feature lands, delete its rows here (and nothing else).
 *
 * `path` is dot-separated; `[]` means "every item of this list".
 * `when` says which values use the feature (a default such as `false`,
 * `NONE`, `0` or `[]` asks for nothing and is accepted).
 */
export interface UnsupportedField {
  path: string;
  when: 'present' | 'true' | 'nonEmpty' | 'positive' | { not: string } | { is: string };
  feature: string;
}

export const unsupportedFields: readonly UnsupportedField[] = [
  { path: 'mssPackage.encryption', when: 'present', feature: 'PlayReady encryption for Smooth' },
  { path: 'hlsPackage.encryption.encryptionMethod', when: { is: 'SAMPLE_AES' }, feature: 'SAMPLE-AES for HLS-TS' },
  { path: 'hlsPackage.encryption.spekeKeyProvider.encryptionContractConfiguration', when: 'present', feature: 'SPEKE v2 presets' },
  { path: 'cmafPackage.encryption.spekeKeyProvider.encryptionContractConfiguration', when: 'present', feature: 'SPEKE v2 presets' },
  { path: 'dashPackage.encryption.spekeKeyProvider.encryptionContractConfiguration', when: 'present', feature: 'SPEKE v2 presets' },
  { path: 'hlsPackage.includeDvbSubtitles', when: 'true', feature: 'DVB subtitle passthrough' },
  { path: 'hlsPackage.hlsManifests[].adMarkers', when: { not: 'NONE' }, feature: 'SCTE-35 ad markers' },
  { path: 'cmafPackage.hlsManifests[].adMarkers', when: { not: 'NONE' }, feature: 'SCTE-35 ad markers' },
  { path: 'dashPackage.dashManifests[].scteMarkersSource', when: 'present', feature: 'SCTE-35 markers in DASH' },
];
