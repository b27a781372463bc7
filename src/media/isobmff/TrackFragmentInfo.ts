/** One sample of a track fragment with every default resolved (ISO/IEC 14496-12 8.8.8). */
export interface FragmentSampleInfo {
  decodeTime: number;
  compositionOffset: number;
  duration: number;
  size: number;
  isSync: boolean;
  /** `baseOffset` + byte position of the sample data (file position when tfhd carries base_data_offset). */
  offset: number;
}

/** The samples of one `traf`, in the order they appear (ISO/IEC 14496-12 8.8.6). */
export interface TrackFragmentInfo {
  trackId: number;
  baseMediaDecodeTime: number;
  samples: FragmentSampleInfo[];
}
