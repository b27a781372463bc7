import type { Ac3CodecConfig } from './Ac3CodecConfig.ts';
import type { Ac3Sample } from './Ac3Sample.ts';
import { ac3SpecificBoxOf } from './ac3SpecificBoxOf.ts';
import { ec3SpecificBoxOf } from './ec3SpecificBoxOf.ts';
import { writeAc3SpecificBox } from './writeAc3SpecificBox.ts';
import { writeEc3SpecificBox } from './writeEc3SpecificBox.ts';

/**
 * The track configuration of a Dolby stream, from its first access unit: an
 * access unit of AC-3 syncframes only is AC-3 (`dac3`); one with any E-AC-3
 * frame (an E-AC-3 stream, or an AC-3 core with E-AC-3 dependent
 * substreams) is E-AC-3 (`dec3`), as ETSI TS 102 366 F.5 and F.6 say.
 */
export function ac3CodecConfigOf(sample: Ac3Sample): Ac3CodecConfig {
  if (sample.frames.every((f) => f.header.kind === 'ac3')) return { codec: 'ac3', dac3: writeAc3SpecificBox(ac3SpecificBoxOf(sample.frames[0].header)) };
  return { codec: 'ec3', dec3: writeEc3SpecificBox(ec3SpecificBoxOf(sample)) };
}
