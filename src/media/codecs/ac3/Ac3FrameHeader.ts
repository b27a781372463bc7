/**
 * The header fields of one AC-3 or E-AC-3 syncframe: `syncinfo()` + the
 * start of `bsi()` (ATSC A/52 5.3.1-5.3.2 for AC-3; Annex E E.1.2.1-E.1.2.2
 * for E-AC-3). AC-3 frames are independent substream 0 with 6 blocks, so one
 * shape serves both and the access-unit logic need not ask which it has.
 */
export interface Ac3FrameHeader {
  /** `ac3` for bsid 0..8 (A/52 5.4.2.1), `eac3` for bsid 11..16 (Annex E E.1.3.1.6). */
  kind: 'ac3' | 'eac3';
  /** The whole syncframe in bytes, syncword included (AC-3: Table 5.18 words x 2; E-AC-3: (frmsiz + 1) x 2). */
  frameSize: number;
  /** fscod: 0 = 48 kHz, 1 = 44.1 kHz, 2 = 32 kHz, 3 = reduced rate (E-AC-3 only, see `fscod2`). */
  fscod: number;
  /** E-AC-3 with fscod 3: 0 = 24 kHz, 1 = 22.05 kHz, 2 = 16 kHz. */
  fscod2?: number;
  sampleRate: number;
  bsid: number;
  /** Bit stream mode (A/52 5.4.2.2, Table 5.7); E-AC-3: from the informational metadata, 0 when absent. */
  bsmod: number;
  /** Audio coding mode (A/52 5.4.2.3, Table 5.8): 0 = 1+1, 1 = 1/0, 2 = 2/0, 3 = 3/0, 4 = 2/1, 5 = 3/1, 6 = 2/2, 7 = 3/2. */
  acmod: number;
  lfeon: number;
  /** AC-3 only: frame size code (A/52 5.4.1.4, Table 5.18); its half is the nominal bit rate index. */
  frmsizecod?: number;
  /** E-AC-3 stream type (Annex E E.1.3.1.1): 0 independent, 1 dependent, 2 independent converted from AC-3. AC-3: 0. */
  strmtyp: number;
  /** E-AC-3 substream id (E.1.3.1.2), 0..7. AC-3: 0. */
  substreamid: number;
  /** Audio blocks of 256 samples in the frame: AC-3 6; E-AC-3 1, 2, 3 or 6 (numblkscod, Table E.1.3). */
  blocks: number;
  /** E-AC-3 dependent substreams: the custom channel map (chanmap, Table E.1.4; bit 15 = Left ... bit 0 = LFE) when chanmape is set. */
  chanmap?: number;
  /** frameSize x 8 x sampleRate / (blocks x 256): the frame's bit rate in bit/s. */
  bitRate: number;
}
