/**
 * The `dec3` chan_loc bits (ETSI TS 102 366 Table F.6.1: bit 0 Lc/Rc, 1
 * Lrs/Rrs, 2 Cs, 3 Ts, 4 Lsd/Rsd, 5 Lw/Rw, 6 Lvh/Rvh, 7 Cvh, 8 LFE2) of a
 * dependent substream's custom channel map (A/52 Annex E Table E.1.4, whose
 * location 0 is the most significant bit: 5 Lc/Rc ... 12 Cvh, 13 Lts/Rts,
 * 14 LFE2). Locations 0-4 and 15 are the independent substream's 5.1, and
 * Lts/Rts has no chan_loc bit.
 */
export function chanLocOfChanmap(chanmap: number): number {
  let chanLoc = 0;
  for (let k = 0; k < 8; k++) if (chanmap & (1 << (10 - k))) chanLoc |= 1 << k;
  if (chanmap & (1 << 1)) chanLoc |= 1 << 8;
  return chanLoc;
}
