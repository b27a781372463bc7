/**
 * One subsample of an encrypted sample (ISO/IEC 23001-7 7.2.2): a run of
 * clear bytes followed by a run of protected bytes. A sample's subsamples
 * cover it exactly, in order.
 */
export interface Subsample {
  /** BytesOfClearData: at most 65535 (16 bits). */
  clearBytes: number;
  /** BytesOfProtectedData (32 bits). */
  protectedBytes: number;
}
