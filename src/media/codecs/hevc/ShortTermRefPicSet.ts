/** One short-term reference picture set (ITU-T H.265 7.4.8): its size, and how many of its pictures the current one uses. */
export interface ShortTermRefPicSet {
  /** NumDeltaPocs: a later set predicted from this one carries one flag pair per entry, plus one. */
  numDeltaPocs: number;
  /** The entries with used_by_curr_pic flags set: they size a slice's reference lists. */
  numUsedByCurr: number;
}
