import type { CodecConfig } from '../../media/model/CodecConfig.ts';
import type { MediaSegment } from '../SegmentRequest.ts';

/**
 * Prepends the track's parameter sets (VPS, SPS, PPS as 4-byte
 * length-prefixed NAL units, ISO/IEC 14496-15 5.3.2 / 8.3.2) to every sync
 * sample, for `avc3`/`hev1` output. Audio segments pass through unchanged.
 */
export function insertParameterSets(segment: MediaSegment): MediaSegment {
  const prefix = parameterSetPrefix(segment.track.config);
  if (prefix === undefined) return segment;
  return {
    ...segment,
    samples: segment.samples.map((sample) => {
      if (!sample.isSync) return sample;
      const data = new Uint8Array(prefix.byteLength + sample.data.byteLength);
      data.set(prefix, 0);
      data.set(sample.data, prefix.byteLength);
      return { ...sample, data };
    }),
  };
}

const prefixes = new WeakMap<CodecConfig, Uint8Array>();

function parameterSetPrefix(config: CodecConfig): Uint8Array | undefined {
  if (config.codec !== 'avc' && config.codec !== 'hevc') return undefined;
  let prefix = prefixes.get(config);
  if (prefix === undefined) {
    const nals = config.codec === 'hevc' ? [...config.vps, ...config.sps, ...config.pps] : [...config.sps, ...config.pps];
    prefix = new Uint8Array(nals.reduce((n, nal) => n + 4 + nal.byteLength, 0));
    const view = new DataView(prefix.buffer);
    let at = 0;
    for (const nal of nals) {
      view.setUint32(at, nal.byteLength);
      prefix.set(nal, at + 4);
      at += 4 + nal.byteLength;
    }
    prefixes.set(config, prefix);
  }
  return prefix;
}
