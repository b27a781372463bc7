/**
 * Namespaces of CPIX documents (DASH-IF CPIX 2.0/2.3), SPEKE's extensions
 * (SPEKE API v1 "Customizations and constraints") and the MPD elements a
 * SPEKE v2 `ContentProtectionData` carries.
 */
export const cpixNamespaces = {
  cpix: 'urn:dashif:org:cpix',
  pskc: 'urn:ietf:params:xml:ns:keyprov:pskc',
  speke: 'urn:aws:amazon:com:speke',
  cenc: 'urn:mpeg:cenc:2013',
  mspr: 'urn:microsoft:playready',
} as const;
