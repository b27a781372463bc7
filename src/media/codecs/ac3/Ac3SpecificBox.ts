/**
 * The fields of an AC3SpecificBox (`dac3`, ETSI TS 102 366 F.4), which copy
 * the first syncframe's BSI so a reader can set up a decoder without one.
 */
export interface Ac3SpecificBox {
  fscod: number;
  bsid: number;
  bsmod: number;
  acmod: number;
  lfeon: number;
  /** frmsizecod >> 1: the nominal bit rate index (A/52 Table 5.18; F.4.2.7). */
  bitRateCode: number;
}
