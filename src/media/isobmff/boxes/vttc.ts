import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/**
 * VTTCueBox (ISO/IEC 14496-30 7.7): one cue in a WebVTT sample: `iden`
 * (cue id), `sttg` (settings) when present, then `payl` (the cue text).
 * Strings are UTF-8 without a terminator (the box size bounds them).
 */
export function writeVttc(w: ByteWriter, cue: { id?: string; settings: string; payload: string }): void {
  const start = w.beginBox('vttc');
  const utf8 = new TextEncoder();
  if (cue.id) writeStringBox(w, 'iden', utf8.encode(cue.id));
  if (cue.settings) writeStringBox(w, 'sttg', utf8.encode(cue.settings));
  writeStringBox(w, 'payl', utf8.encode(cue.payload));
  w.endBox(start);
}

/** VTTEmptyCueBox (ISO/IEC 14496-30 7.6): a sample with no active cue. */
export function writeVtte(w: ByteWriter): void {
  w.u32(8).fourcc('vtte');
}

function writeStringBox(w: ByteWriter, type: string, bytes: Uint8Array): void {
  const start = w.beginBox(type);
  w.bytes(bytes);
  w.endBox(start);
}
