import { ByteReader } from '../../bytes/ByteReader.ts';
import type { ByteWriter } from '../../bytes/ByteWriter.ts';
import type { BoxHeader } from '../BoxHeader.ts';

export interface Hdlr {
  /** `vide`, `soun`, `text`, `subt`... */
  handlerType: string;
  name: string;
}

/** HandlerReferenceBox (ISO/IEC 14496-12 8.4.3); `name` is written as a null-terminated UTF-8 string. */
export function writeHdlr(w: ByteWriter, v: Hdlr): void {
  const start = w.beginFullBox('hdlr', 0, 0);
  w.u32(0).fourcc(v.handlerType).zeros(12);
  w.bytes(new TextEncoder().encode(v.name)).u8(0);
  w.endBox(start);
}

export function readHdlr(bytes: Uint8Array, box: BoxHeader): Hdlr {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  r.skip(8, 'hdlr version, flags, pre_defined');
  const handlerType = r.fourcc('hdlr handler_type');
  r.skip(12, 'hdlr reserved');
  let nameBytes = r.bytesView(r.remaining);
  const nul = nameBytes.indexOf(0);
  if (nul >= 0) nameBytes = nameBytes.subarray(0, nul);
  return { handlerType, name: new TextDecoder().decode(nameBytes) };
}

export function describeHdlr(v: Hdlr): string {
  return `handler=${v.handlerType} name=${JSON.stringify(v.name)}`;
}
