import type { CodecConfig } from '../model/CodecConfig.ts';
import { readAvcSliceParameters } from './avcSliceHeader.ts';
import { readHevcSliceParameters } from './hevcSliceHeader.ts';
import type { NalSubsampleCodec } from './planNalSubsamples.ts';

const parsed = new WeakMap<CodecConfig, NalSubsampleCodec>();

/** The slice-header context of a video track's parameter sets, parsed once per track configuration. */
export function nalSubsampleCodecOf(config: Extract<CodecConfig, { codec: 'avc' | 'hevc' }>): NalSubsampleCodec {
  let codec = parsed.get(config);
  if (!codec) {
    codec = config.codec === 'avc' ? { codec: 'avc', parameters: readAvcSliceParameters(config) } : { codec: 'hevc', parameters: readHevcSliceParameters(config) };
    parsed.set(config, codec);
  }
  return codec;
}
