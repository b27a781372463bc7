/** The codec of an elementary stream as named by its PMT entry. */
export type TsCodec = 'avc' | 'hevc' | 'aac' | 'ac3' | 'eac3' | 'unknown';
