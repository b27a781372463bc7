import type { Sample } from '../model/Sample.ts';

/** A buffer laid out as [headroom][payload]: headroom = [roomStart, payloadStart), payload = [payloadStart, payloadEnd). */
interface Reserved {
  roomStart: number;
  payloadStart: number;
  payloadEnd: number;
}

/** Buffers that still have their headroom free. Weak: a buffer nobody writes is collected as usual. */
const reserved = new WeakMap<ArrayBufferLike, Reserved>();

/** The reservation whose payload `samples` are, exactly (back to back, in order, complete); else undefined. */
function reservationOf(samples: readonly Sample[]): Reserved | undefined {
  if (samples.length === 0) return undefined;
  const first = samples[0].data;
  const room = reserved.get(first.buffer);
  if (!room || first.byteOffset !== room.payloadStart) return undefined;
  let end = room.payloadStart;
  for (const s of samples) {
    if (s.data.byteOffset !== end || s.data.buffer !== first.buffer) return undefined;
    end += s.data.byteLength;
  }
  return end === room.payloadEnd ? room : undefined;
}

/**
 * Room left free in front of a segment's sample payloads for the boxes that
 * precede them (styp, sidx, moof, the mdat header), so that the segment
 * writer puts its header there instead of copying every payload into a new
 * buffer: the sk_buff headroom of the Linux network stack, for media
 * segments. The samples stay plain `Sample`s with `data` views; this only
 * records, per buffer, where its payload starts and ends.
 *
 * `claim` hands the room out once and only for exactly that payload, in order
 * and complete: samples a transform replaced, dropped or reordered, a second
 * writer, or a header larger than the room all get `undefined`, and the writer
 * copies as it would anyway.
 *
 * A reserved buffer belongs to the one segment being packaged (its reader
 * allocated it for that request and nothing else refers to it), so a
 * transform that rewrites payload bytes without changing their lengths
 * (`encryptSamples`) may do so in place through `writable`, keeping the room
 * for the writer: the sk_buff rule that a buffer's owner may write it.
 */
export const payloadHeadroom = {
  /**
   * Enough room for styp + sidx + moof (one traf, 16 bytes a trun entry) +
   * mdat header of `sampleCount` samples, and for an encrypted fragment's
   * `saiz`/`saio`/`senc` too when the average sample needs at most 32 more
   * bytes (1 saiz byte, a 16-byte IV and a 2-subsample map, ISO/IEC 23001-7
   * 7.2): encrypted segments are then written in place as well. The room is
   * never sent (`claim` hands out only what the header uses).
   */
  fragmentBytes(sampleCount: number): number {
    return 256 + 48 * sampleCount;
  },

  /**
   * A zeroed headroom of `headroomBytes` followed by `payloadBytes` for the
   * caller to fill completely; returns the payload view. `allocate` (default
   * `new Uint8Array`) may skip zeroing, since every byte is written either
   * here (the headroom) or by the caller (the payload).
   */
  allocate(headroomBytes: number, payloadBytes: number, allocate: (bytes: number) => Uint8Array = (n) => new Uint8Array(n)): Uint8Array {
    const all = allocate(headroomBytes + payloadBytes);
    all.fill(0, 0, headroomBytes);
    reserved.set(all.buffer, { roomStart: all.byteOffset, payloadStart: all.byteOffset + headroomBytes, payloadEnd: all.byteOffset + headroomBytes + payloadBytes });
    return all.subarray(headroomBytes);
  },

  /**
   * When `samples` are the whole payload of an `allocate`d buffer, back to
   * back and in order, with at least `headerBytes` free in front: gives up the
   * room and returns the view of `headerBytes` + payload for the caller to
   * write its header into. Otherwise `undefined`.
   */
  claim(samples: readonly Sample[], headerBytes: number): Uint8Array | undefined {
    const room = reservationOf(samples);
    if (!room || room.payloadStart - headerBytes < room.roomStart) return undefined;
    const buffer = samples[0].data.buffer;
    reserved.delete(buffer);
    return new Uint8Array(buffer, room.payloadStart - headerBytes, headerBytes + (room.payloadEnd - room.payloadStart));
  },

  /**
   * When `samples` are the whole payload of an `allocate`d buffer that still
   * has its room (as `claim` asks): the payload view, for a transform to
   * rewrite in place, byte lengths unchanged. The room stays reserved for the
   * writer's `claim`. Otherwise `undefined`: the samples may be shared (views
   * into source bytes), so the transform writes a copy.
   */
  writable(samples: readonly Sample[]): Uint8Array | undefined {
    const room = reservationOf(samples);
    return room && new Uint8Array(samples[0].data.buffer, room.payloadStart, room.payloadEnd - room.payloadStart);
  },
};
