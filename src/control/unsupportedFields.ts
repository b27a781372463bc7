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
  // SPEKE v2 presets are for DASH and CMAF, as in MediaPackage VOD; HLS-TS and Smooth have one key (SPEKE v1).
  { path: 'hlsPackage.encryption.spekeKeyProvider.encryptionContractConfiguration', when: 'present', feature: 'SPEKE v2 presets for HLS-TS (DASH and CMAF only)' },
  { path: 'mssPackage.encryption.spekeKeyProvider.encryptionContractConfiguration', when: 'present', feature: 'SPEKE v2 presets for Smooth (DASH and CMAF only)' },
  { path: 'hlsPackage.includeDvbSubtitles', when: 'true', feature: 'DVB subtitle passthrough' },
  { path: 'dashPackage.dashManifests[].scteMarkersSource', when: { is: 'SEGMENTS' }, feature: 'SCTE-35 read from the source segments; MANIFEST reads the ad breaks of the source playlists' },
];
