import { ByteReader } from '../../bytes/ByteReader.ts';
import { ByteWriter } from '../../bytes/ByteWriter.ts';
import { MediaError } from '../../errors/MediaError.ts';
import type { BoxHeader } from '../BoxHeader.ts';
import { hexFromBytes } from '../../cenc/hexFromBytes.ts';
import { uuidFromBytes } from '../../cenc/uuidFromBytes.ts';

/** ProtectionSystemSpecificHeaderBox fields (ISO/IEC 23001-7 8.1). */
export interface Pssh {
  /** 0, or 1 to list the key IDs the box applies to. */
  version: number;
  systemId: Uint8Array;
  kids: Uint8Array[];
  data: Uint8Array;
}

/**
 * ProtectionSystemSpecificHeaderBox (ISO/IEC 23001-7 8.1): one DRM system's
 * initialisation data. Version 1 lists the key IDs, which is all the W3C
 * "cenc" initialisation data format (W3C EME Initialization Data Format
 * Registry, "cenc") needs for ClearKey: System ID
 * 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b with the KIDs and no data.
 */
export function writePssh(w: ByteWriter, v: Pssh): void {
  if (v.systemId.byteLength !== 16) throw new MediaError('MALFORMED', `pssh: expected a 16-byte SystemID, found ${v.systemId.byteLength} bytes`);
  const start = w.beginFullBox('pssh', v.version, 0);
  w.bytes(v.systemId);
  if (v.version > 0) {
    w.u32(v.kids.length);
    for (const kid of v.kids) w.bytes(kid);
  }
  w.u32(v.data.byteLength).bytes(v.data);
  w.endBox(start);
}

/** One `pssh` box as bytes (for `cenc:pssh` in an MPD, which carries the whole box in base64). */
export function psshBytes(v: Pssh): Uint8Array {
  const w = new ByteWriter(64 + v.data.byteLength + 16 * v.kids.length);
  writePssh(w, v);
  return w.finish();
}

export function readPssh(bytes: Uint8Array, box: BoxHeader): Pssh {
  const r = new ByteReader(bytes, box.contentStart, box.end);
  const version = r.u8('pssh version');
  r.skip(3, 'pssh flags');
  const systemId = r.bytesView(16, 'pssh SystemID').slice();
  const kids: Uint8Array[] = [];
  if (version > 0) {
    const count = r.u32('pssh KID_count');
    for (let i = 0; i < count; i++) kids.push(r.bytesView(16, 'pssh KID').slice());
  }
  const size = r.u32('pssh DataSize');
  return { version, systemId, kids, data: r.bytesView(size, 'pssh Data').slice() };
}

export function describePssh(v: Pssh): string {
  const parts = [`version=${v.version}`, `systemId=${uuidFromBytes(v.systemId)}`];
  if (v.version > 0) parts.push(`kids=${v.kids.map(hexFromBytes).join(',') || '-'}`);
  parts.push(`data=${v.data.byteLength === 0 ? '-' : hexFromBytes(v.data)}`);
  return parts.join(' ');
}
