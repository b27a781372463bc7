import { BitWriter } from '../../../../src/media/bytes/BitWriter.ts';
import type { Track } from '../../../../src/media/model/Track.ts';
import type { Sample } from '../../../../src/media/model/Sample.ts';

/** Inserts emulation prevention bytes (ITU-T H.264 7.4.1): 0x03 after two zero bytes when the next byte is 0-3. */
export function escapeRbsp(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/** A NAL unit: header byte(s), then the escaped RBSP of `write`'s bits followed by `payload` bytes. */
export function nal(header: number[], write: (w: BitWriter) => void, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const w = new BitWriter();
  write(w);
  const bits = w.finish();
  const rbsp = new Uint8Array(bits.byteLength + payload.byteLength);
  rbsp.set(bits, 0);
  rbsp.set(payload, bits.byteLength);
  return Uint8Array.from([...header, ...escapeRbsp(rbsp)]);
}

/** Baseline SPS 320x192, frame_num 4 bits, POC type 2 (no POC in slice headers). */
export const sps = nal([0x67], (w) => {
  w.bits(8, 66).bits(8, 0xc0).bits(8, 30).ue(0); // profile, constraints, level, sps id
  w.ue(0).ue(2).ue(1).bits(1, 0); // log2_max_frame_num_minus4, pic_order_cnt_type, max_num_ref_frames, gaps
  w.ue(19).ue(11).bits(1, 1).bits(1, 1).bits(1, 0).bits(1, 0); // 20x12 MBs, frame_mbs_only, direct_8x8, no cropping, no VUI
  w.bits(1, 1); // rbsp_stop_one_bit
});

/** CAVLC PPS with deblocking_filter_control_present_flag. */
export const pps = nal([0x68], (w) => {
  w.ue(0).ue(0).bits(1, 0).bits(1, 0).ue(0).ue(0).ue(0); // ids, entropy, bottom_field..., slice groups, num_ref_idx defaults
  w.bits(1, 0).bits(2, 0).se(0).se(0).se(0); // weighted pred/bipred, qp, qs, chroma offset
  w.bits(1, 1).bits(1, 0).bits(1, 0).bits(1, 1); // deblocking control present, constrained intra, redundant_pic_cnt, stop bit
});

/** Payload bytes that never form an emulation prevention pattern. */
export function payload(size: number, seed = 0xab): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => ((seed + i * 7) % 250) + 4);
}

/** IDR slice header of 20 bits (first_mb 0, I slice, frame_num 0, idr_pic_id, marking, qp delta, deblocking idc 1), then `data` bytes. */
export function idrSlice(data: Uint8Array, idrPicId = 0): Uint8Array {
  return nal([0x65], (w) => w.ue(0).ue(7).ue(0).bits(4, 0).ue(idrPicId).bits(1, 0).bits(1, 0).se(0).ue(1), data);
}

/** P slice header of 18 bits (frame_num 1, no overrides, no marking ops, deblocking idc 0 with offsets), then `data` bytes. */
export function pSlice(data: Uint8Array): Uint8Array {
  return nal([0x41], (w) => w.ue(0).ue(5).ue(0).bits(4, 1).bits(1, 0).bits(1, 0).bits(1, 0).se(0).ue(0).se(0).se(0), data);
}

/** 4-byte length-prefixed NAL units, as a sample carries them. */
export function sampleOf(...nals: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nals.reduce((n, x) => n + 4 + x.byteLength, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const x of nals) {
    view.setUint32(at, x.byteLength);
    out.set(x, at + 4);
    at += 4 + x.byteLength;
  }
  return out;
}

export const aud = Uint8Array.from([0x09, 0xf0]);

export const videoTrack: Track = {
  id: 'v1',
  kind: 'video',
  timescale: 90000,
  codecString: 'avc1.42c01e',
  config: { codec: 'avc', sps: [sps], pps: [pps] },
  width: 320,
  height: 192,
  frameRate: 25,
  peakBitsPerSecond: 800_000,
  averageBitsPerSecond: 600_000,
};

export const audioTrack: Track = {
  id: 'a1',
  kind: 'audio',
  timescale: 48000,
  codecString: 'mp4a.40.2',
  config: { codec: 'aac', audioSpecificConfig: Uint8Array.from([0x11, 0x90]) },
  sampleRate: 48000,
  channels: 2,
  language: 'en',
  peakBitsPerSecond: 96_000,
  averageBitsPerSecond: 96_000,
};

export function videoSamples(): Sample[] {
  return [
    { decodeTime: 3600, compositionOffset: 3600, duration: 3600, isSync: true, data: sampleOf(aud, idrSlice(payload(300))) },
    { decodeTime: 7200, compositionOffset: 3600, duration: 3600, isSync: false, data: sampleOf(aud, pSlice(payload(45, 0x31))) },
  ];
}

export function audioSamples(): Sample[] {
  return [
    { decodeTime: 1024, compositionOffset: 0, duration: 1024, isSync: true, data: payload(37, 0x10) },
    { decodeTime: 2048, compositionOffset: 0, duration: 1024, isSync: true, data: payload(48, 0x20) },
  ];
}
