/**
 * What an MPD says about encrypted AdaptationSets (ISO/IEC 23009-1 5.8.4.1,
 * ISO/IEC 23001-7 11, DASH-IF IOP 4.3 7.7): the scheme with its default
 * key ID, then one descriptor per DRM system.
 */
export interface DashContentProtection {
  scheme: 'cenc' | 'cbcs';
  defaultKid: Uint8Array;
  systems: {
    /** UUID, lower case. */
    systemId: string;
    /** `ContentProtection@value`, e.g. `ClearKey1.0`. */
    value?: string;
    /** PlayReady Object, written base64 in `mspr:pro` (PlayReady's MPD element, beside its `cenc:pssh`). */
    playReadyObject?: Uint8Array;
    /** A whole `pssh` box, written base64 in `cenc:pssh`. */
    pssh?: Uint8Array;
    /** License server (`dashif:Laurl`, DASH-IF IOP 4.3 7.6.2.4 for ClearKey). */
    licenseUrl?: string;
  }[];
}
