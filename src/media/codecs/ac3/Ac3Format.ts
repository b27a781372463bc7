/** What a Dolby track's decoder configuration says about its output. */
export interface Ac3Format {
  /** From fscod; undefined for E-AC-3 reduced rates (fscod 3), which `dec3` cannot name. */
  sampleRate?: number;
  /** Full-bandwidth channels + LFE, dependent substreams included. */
  channels: number;
  /**
   * The loudspeaker locations as a 16-bit mask in the layout of the E-AC-3
   * chanmap (A/52 Annex E Table E.1.4) that ETSI TS 102 366 Table I.1.1 uses
   * for DASH: bit 15 L, 14 C, 13 R, 12 Ls, 11 Rs, 10 Lc/Rc, 9 Lrs/Rrs, 8 Cs,
   * 7 Ts, 6 Lsd/Rsd, 5 Lw/Rw, 4 Vhl/Vhr, 3 Vhc, 2 Lts/Rts, 1 LFE2, 0 LFE.
   */
  channelMask: number;
}
