import type { ByteWriter } from '../../bytes/ByteWriter.ts';

/**
 * WVTTSampleEntry (ISO/IEC 14496-30 7.5): a plain text sample entry
 * (reserved, data_reference_index 1) holding a WebVTTConfigurationBox
 * `vttC` with the file header text (`WEBVTT`, no cues).
 */
export function writeWvttSampleEntry(w: ByteWriter, header = 'WEBVTT'): void {
  const start = w.beginBox('wvtt');
  w.zeros(6).u16(1);
  const config = w.beginBox('vttC');
  w.bytes(new TextEncoder().encode(header));
  w.endBox(config);
  w.endBox(start);
}
