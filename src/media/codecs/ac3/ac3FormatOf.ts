import type { Ac3CodecConfig } from './Ac3CodecConfig.ts';
import type { Ac3Format } from './Ac3Format.ts';
import { ac3SampleRates } from './ac3SampleRates.ts';
import { readAc3SpecificBox } from './readAc3SpecificBox.ts';
import { readEc3SpecificBox } from './readEc3SpecificBox.ts';

export type { Ac3Format } from './Ac3Format.ts';

/**
 * acmod -> channel mask (ATSC A/52 Table 5.8; ETSI TS 102 366 Table I.1.1):
 * 1+1 dual mono as L/R, a single surround (2/1, 3/1) as Cs.
 */
const ACMOD_MASKS = [0xa000, 0x4000, 0xa000, 0xe000, 0xa100, 0xe100, 0xb800, 0xf800];

/** chan_loc bit -> [mask bit, channels] (ETSI TS 102 366 Table F.6.1). */
const CHAN_LOC = [[10, 2], [9, 2], [8, 1], [7, 1], [6, 2], [5, 2], [4, 2], [3, 1], [1, 1]] as const;

/**
 * Sample rate, channel count and channel mask of an AC-3 / E-AC-3 track from
 * its `dac3` / `dec3` (ETSI TS 102 366 F.4, F.6): the first independent
 * substream's acmod and lfeon, plus for E-AC-3 the locations its dependent
 * substreams add (chan_loc), as DASH's Dolby channel configuration and
 * Smooth's channel mask describe the presentation.
 */
export function ac3FormatOf(config: Ac3CodecConfig): Ac3Format {
  const { fscod, acmod, lfeon, chanLoc } = config.codec === 'ac3' ? { ...readAc3SpecificBox(config.dac3), chanLoc: 0 } : readEc3SpecificBox(config.dec3).substreams[0];
  let channelMask = ACMOD_MASKS[acmod] | lfeon;
  let channels = [2, 1, 2, 3, 3, 4, 4, 5][acmod] + lfeon;
  CHAN_LOC.forEach(([bit, count], k) => {
    if (chanLoc & (1 << k)) {
      channelMask |= 1 << bit;
      channels += count;
    }
  });
  return { sampleRate: ac3SampleRates[fscod], channels, channelMask };
}
