/** The AudioSpecificConfig fields Kinora uses (ISO/IEC 14496-3 1.6.2.1). */
export interface AudioSpecificConfig {
  /** The core audioObjectType (2 = AAC LC, also for HE-AAC whose SBR/PS is the extension). */
  objectType: number;
  samplingFrequencyIndex: number;
  /** The core sampling frequency in Hz. */
  sampleRate: number;
  channelConfiguration: number;
  /** 5 (SBR, HE-AAC) or 29 (SBR + PS, HE-AAC v2) when signalled. */
  extensionObjectType?: number;
  /** The SBR output sampling frequency in Hz, when signalled. */
  extensionSampleRate?: number;
}
