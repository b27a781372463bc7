/** An ADTS frame header (ISO/IEC 13818-7 6.2 / ISO/IEC 14496-3 1.A.2.2). */
export interface AdtsHeader {
  /** MPEG-4 audioObjectType: ADTS profile + 1 (2 = AAC LC). */
  objectType: number;
  samplingFrequencyIndex: number;
  sampleRate: number;
  channelConfiguration: number;
  /** aac_frame_length: the whole frame including this header. */
  frameLength: number;
  /** 7, or 9 when a CRC follows (protection_absent = 0). */
  headerLength: number;
  /** number_of_raw_data_blocks_in_frame (the frame holds this + 1 blocks). */
  rawDataBlocks: number;
  /** 1024 * (rawDataBlocks + 1). */
  samplesPerFrame: number;
}
