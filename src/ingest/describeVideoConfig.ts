import { readAvcSps } from '../media/codecs/avc/readAvcSps.ts';
import { avcCodecString } from '../media/codecs/avc/avcCodecString.ts';
import { readHevcSps } from '../media/codecs/hevc/readHevcSps.ts';
import { hevcCodecString } from '../media/codecs/hevc/hevcCodecString.ts';
import type { CodecConfig } from '../media/model/CodecConfig.ts';
import type { SampleTable } from '../media/index/SampleTable.ts';

/**
 * Codec string, picture size and frame rate of a video track from its SPS;
 * the frame rate falls back to the median sample duration when the SPS has
 * no VUI timing.
 */
export function describeVideoConfig(config: CodecConfig, samples: SampleTable, timescale: number): { codecString: string; width: number; height: number; frameRate: number } {
  let sps;
  let codecString: string;
  if (config.codec === 'avc') {
    sps = readAvcSps(config.sps[0]);
    codecString = avcCodecString(config.sps[0]);
  } else if (config.codec === 'hevc') {
    sps = readHevcSps(config.sps[0]);
    codecString = hevcCodecString(config.sps[0], 'hvc1');
  } else {
    throw new Error(`not a video config: ${config.codec}`);
  }
  return { codecString, width: sps.width, height: sps.height, frameRate: measuredFrameRate(samples, timescale) ?? sps.frameRate ?? 25 };
}

function measuredFrameRate(samples: SampleTable, timescale: number): number | undefined {
  if (samples.count < 2) return undefined;
  const sorted = Array.from(samples.duration.subarray(0, Math.min(samples.count, 1000))).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  if (!(median > 0)) return undefined;
  return Math.round((timescale / median) * 1000) / 1000;
}
