/**
 * The fields of an EC3SpecificBox (`dec3`, ETSI TS 102 366 F.6): the stream's
 * data rate and, per independent substream, its BSI and the channel
 * locations its dependent substreams add.
 */
export interface Ec3SpecificBox {
  /** data_rate: the whole bit stream's rate in kbit/s (F.6.2.2). */
  dataRate: number;
  /** One entry per independent substream (num_ind_sub + 1, F.6.2.3). */
  substreams: {
    fscod: number;
    bsid: number;
    /** asvc: 1 when this substream is an associated service mixed with the main one (F.6.2.5). */
    asvc: number;
    bsmod: number;
    acmod: number;
    lfeon: number;
    /** num_dep_sub: dependent substreams of this independent substream (F.6.2.12). */
    numDepSub: number;
    /** chan_loc (Table F.6.1, bit 0 = Lc/Rc ... bit 8 = LFE2): locations the dependent substreams add; 0 without them. */
    chanLoc: number;
  }[];
  /** complexity_index_type_a when flag_ec3_extension_type_a is set (E-AC-3 with Joint Object Coding, Dolby Atmos). */
  complexityIndexTypeA?: number;
}
