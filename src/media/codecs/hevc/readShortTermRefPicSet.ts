import type { BitSource } from '../../bytes/BitSource.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { ShortTermRefPicSet } from './ShortTermRefPicSet.ts';

export type { ShortTermRefPicSet } from './ShortTermRefPicSet.ts';

/**
 * st_ref_pic_set( stRpsIdx ) (ITU-T H.265 7.3.7, semantics 7.4.8): one set,
 * predicted from an earlier one of `list` when inter_ref_pic_set_prediction_flag
 * is set. In an SPS the reference is the previous set; in a slice header
 * (`stRpsIdx` = num_short_term_ref_pic_sets) delta_idx_minus1 may name another.
 */
export function readShortTermRefPicSet(r: BitSource, stRpsIdx: number, numShortTermRefPicSets: number, list: readonly ShortTermRefPicSet[]): ShortTermRefPicSet {
  const inter = stRpsIdx !== 0 && r.bool();
  if (inter) {
    const deltaIdx = stRpsIdx === numShortTermRefPicSets ? r.ue() + 1 : 1;
    r.skipBits(1); // delta_rps_sign
    r.ue(); // abs_delta_rps_minus1
    const ref = list[stRpsIdx - deltaIdx];
    if (!ref) throw new MediaError('MALFORMED', `H.265 st_ref_pic_set ${stRpsIdx} predicts from set ${stRpsIdx - deltaIdx}, which does not exist`);
    let numDeltaPocs = 0;
    let numUsedByCurr = 0;
    for (let j = 0; j <= ref.numDeltaPocs; j++) {
      const used = r.bool();
      const useDelta = used || r.bool();
      if (used) numUsedByCurr++;
      if (useDelta) numDeltaPocs++;
    }
    return { numDeltaPocs, numUsedByCurr };
  }
  const negative = r.ue();
  const positive = r.ue();
  if (negative > 16 || positive > 16) {
    throw new MediaError('MALFORMED', `expected at most 16 negative/positive pictures in st_ref_pic_set, found ${negative}/${positive}`);
  }
  let numUsedByCurr = 0;
  for (let i = 0; i < negative + positive; i++) {
    r.ue(); // delta_poc_s{0,1}_minus1
    if (r.bool()) numUsedByCurr++; // used_by_curr_pic_s{0,1}_flag
  }
  return { numDeltaPocs: negative + positive, numUsedByCurr };
}
