import type { BitSource } from '../../bytes/BitSource.ts';

/** scaling_list_data( ) (ITU-T H.265 7.3.4), in an SPS or a PPS: walked only to reach the fields after it. */
export function skipHevcScalingListData(r: BitSource): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!r.bool()) {
        r.ue(); // scaling_list_pred_matrix_id_delta
      } else {
        const coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
        if (sizeId > 1) r.se(); // scaling_list_dc_coef_minus8
        for (let i = 0; i < coefNum; i++) r.se();
      }
    }
  }
}
