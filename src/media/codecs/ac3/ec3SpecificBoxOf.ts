import { MediaError } from '../../errors/MediaError.ts';
import type { Ac3Sample } from './Ac3Sample.ts';
import type { Ec3SpecificBox } from './Ec3SpecificBox.ts';
import { chanLocOfChanmap } from './chanLocOfChanmap.ts';

/**
 * The `dec3` fields of an E-AC-3 stream from one access unit (ETSI TS 102 366
 * F.6.2): one entry per independent substream id, in order, with the BSI of
 * its first frame, the number of distinct dependent substreams that follow it
 * and the channel locations their channel maps add; `data_rate` is the
 * access unit's size over its 1536 samples, in kbit/s.
 */
export function ec3SpecificBoxOf(sample: Ac3Sample): Ec3SpecificBox {
  const substreams: Ec3SpecificBox['substreams'] = [];
  const dependents: Set<number>[] = [];
  let current = -1;
  for (const { header: h } of sample.frames) {
    if (h.strmtyp === 1) {
      if (current < 0) throw new MediaError('MALFORMED', `expected an independent substream before dependent substream ${h.substreamid}, found none`);
      dependents[current].add(h.substreamid);
      substreams[current].numDepSub = dependents[current].size;
      if (h.chanmap !== undefined) substreams[current].chanLoc |= chanLocOfChanmap(h.chanmap);
      continue;
    }
    current = h.substreamid;
    if (current >= substreams.length) {
      if (current !== substreams.length) throw new MediaError('MALFORMED', `expected independent substream ${substreams.length}, found ${h.substreamid}`);
      substreams.push({ fscod: h.fscod, bsid: h.bsid, asvc: 0, bsmod: h.bsmod, acmod: h.acmod, lfeon: h.lfeon, numDepSub: 0, chanLoc: 0 });
      dependents.push(new Set());
    }
  }
  const first = sample.frames[0]?.header;
  if (!first) throw new MediaError('MALFORMED', 'expected at least one syncframe in an E-AC-3 access unit, found none');
  const dataRate = Math.round((sample.data.byteLength * 8 * first.sampleRate) / 1536 / 1000);
  return { dataRate, substreams };
}
