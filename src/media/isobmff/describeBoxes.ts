import { MediaError } from '../errors/MediaError.ts';
import type { BoxHeader } from './BoxHeader.ts';
import { describeAudioSampleEntry, readAudioSampleEntry } from './boxes/audioSampleEntry.ts';
import { describeAvcC } from './boxes/avcC.ts';
import { describeBtrt, readBtrt } from './boxes/btrt.ts';
import { describeDac3, readDac3 } from './boxes/dac3.ts';
import { describeDec3, readDec3 } from './boxes/dec3.ts';
import { describeEsds, readEsds } from './boxes/esds.ts';
import { describeFtyp, readFtyp } from './boxes/ftyp.ts';
import { describeHdlr, readHdlr } from './boxes/hdlr.ts';
import { describeHvcC } from './boxes/hvcC.ts';
import { describeMdat } from './boxes/mdat.ts';
import { describeMdhd, readMdhd } from './boxes/mdhd.ts';
import { describeMfhd, readMfhd } from './boxes/mfhd.ts';
import { describeMvhd, readMvhd } from './boxes/mvhd.ts';
import { describePasp, readPasp } from './boxes/pasp.ts';
import { describeSidx, readSidx } from './boxes/sidx.ts';
import { describeTfdt, readTfdt } from './boxes/tfdt.ts';
import { describeTfhd, readTfhd } from './boxes/tfhd.ts';
import { describeTfxd, isTfxd, readTfxd } from './boxes/tfxd.ts';
import { describeTkhd, readTkhd } from './boxes/tkhd.ts';
import { describeTrex, readTrex } from './boxes/trex.ts';
import { describeTrun, readTrun } from './boxes/trun.ts';
import { describeVisualSampleEntry, readVisualSampleEntry } from './boxes/visualSampleEntry.ts';
import { iterateBoxes } from './iterateBoxes.ts';

type Describe = (bytes: Uint8Array, box: BoxHeader) => string;

/** Each box's own describe function (in its box file), keyed by type. */
const leaves: Record<string, Describe> = {
  ftyp: (b, x) => describeFtyp(readFtyp(b, x)),
  styp: (b, x) => describeFtyp(readFtyp(b, x)),
  mvhd: (b, x) => describeMvhd(readMvhd(b, x)),
  tkhd: (b, x) => describeTkhd(readTkhd(b, x)),
  mdhd: (b, x) => describeMdhd(readMdhd(b, x)),
  hdlr: (b, x) => describeHdlr(readHdlr(b, x)),
  trex: (b, x) => describeTrex(readTrex(b, x)),
  mfhd: (b, x) => describeMfhd(readMfhd(b, x)),
  tfhd: (b, x) => describeTfhd(readTfhd(b, x)),
  tfdt: (b, x) => describeTfdt(readTfdt(b, x)),
  trun: (b, x) => describeTrun(readTrun(b, x)),
  sidx: (b, x) => describeSidx(readSidx(b, x)),
  pasp: (b, x) => describePasp(readPasp(b, x)),
  btrt: (b, x) => describeBtrt(readBtrt(b, x)),
  esds: (b, x) => describeEsds(readEsds(b, x)),
  dac3: (b, x) => describeDac3(readDac3(b, x)),
  dec3: (b, x) => describeDec3(readDec3(b, x)),
  avcC: describeAvcC,
  hvcC: describeHvcC,
  mdat: describeMdat,
  uuid: (b, x) => (isTfxd(b, x) ? describeTfxd(readTfxd(b, x)) : `size=${x.end - x.start}`),
};

/** Boxes whose payload is only child boxes. */
const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'dinf', 'stbl', 'mvex', 'moof', 'traf', 'edts', 'mfra', 'udta', 'sinf', 'schi']);

const visualEntries = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'encv']);
const audioEntries = new Set(['mp4a', 'ac-3', 'ec-3', 'enca']);

/** Fields of `box` and where its children start (or -1 for a leaf). */
function describeOne(bytes: Uint8Array, box: BoxHeader): { text: string; childrenStart: number } {
  if (containers.has(box.type)) return { text: '', childrenStart: box.contentStart };
  if (box.type === 'stsd' || box.type === 'dref') {
    // version, flags, entry_count precede the entries (ISO/IEC 14496-12 8.5.2, 8.7.2).
    const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(box.contentStart + 4);
    return { text: `entries=${count}`, childrenStart: box.contentStart + 8 };
  }
  if (visualEntries.has(box.type)) {
    const v = readVisualSampleEntry(bytes, box);
    return { text: describeVisualSampleEntry(v), childrenStart: v.childrenStart };
  }
  if (audioEntries.has(box.type)) {
    const v = readAudioSampleEntry(bytes, box);
    return { text: describeAudioSampleEntry(v), childrenStart: v.childrenStart };
  }
  const leaf = leaves[box.type];
  return { text: leaf ? leaf(bytes, box) : `size=${box.size}`, childrenStart: -1 };
}

function walk(bytes: Uint8Array, start: number, end: number, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const boxes = iterateBoxes(bytes, start, end);
  for (;;) {
    let next: IteratorResult<BoxHeader>;
    try {
      next = boxes.next();
    } catch (e) {
      if (!(e instanceof MediaError)) throw e;
      lines.push(`${indent}! ${e.message}`);
      return;
    }
    if (next.done) return;
    const box = next.value;
    let d: { text: string; childrenStart: number };
    try {
      d = describeOne(bytes, box);
    } catch (e) {
      if (!(e instanceof MediaError)) throw e;
      d = { text: `size=${box.size} error=${JSON.stringify(e.message)}`, childrenStart: -1 };
    }
    const [first, ...rest] = d.text.split('\n');
    lines.push(`${indent}${box.type}${first ? ` ${first}` : ''}`);
    for (const line of rest) lines.push(`${indent}${line}`);
    if (d.childrenStart >= 0) walk(bytes, d.childrenStart, box.end, depth + 1, lines);
  }
}

/**
 * A readable dump of an ISO-BMFF byte stream for golden tests and segment
 * inspection, in the Bento4 `mp4dump` spirit: one line per box indented by
 * depth with its key fields (`tfdt baseMediaDecodeTime=...`), one line per
 * trun sample, and `mdat` as its size plus an FNV-1a fingerprint. A box that
 * fails to parse is shown with its error instead of aborting the dump.
 */
export function describeBoxes(bytes: Uint8Array): string {
  const lines: string[] = [];
  walk(bytes, 0, bytes.byteLength, 0, lines);
  return lines.join('\n');
}
