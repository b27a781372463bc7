import type { BlockCipher } from '../media/cenc/BlockCipher.ts';
import type { ProtectionScheme } from '../media/cenc/ProtectionScheme.ts';
import type { Pssh } from '../media/isobmff/boxes/pssh.ts';
import type { Track } from '../media/model/Track.ts';

/** The content key of one track, and the `pssh` boxes its init segment carries. */
export interface TrackKey {
  kid: Uint8Array;
  key: Uint8Array;
  pssh: readonly Pssh[];
}

/** How an fMP4 (or Smooth) output is encrypted: the scheme, each track's key, and the cipher. */
export interface FragmentEncryption {
  scheme: ProtectionScheme;
  /**
   * The key of a track, or undefined to leave it clear: text, and a track
   * type a SPEKE v2 encryption contract leaves `UNENCRYPTED`. One key for
   * every track unless a preset gives several (by resolution, channels).
   */
  keyOf(track: Track): TrackKey | undefined;
  /** `cbcs`: the 16-byte constant IV of every track. */
  constantIv?: Uint8Array;
  /** `cenc` per-sample IV size: 16 (default, one CTR stream per segment) or 8 (Smooth/PIFF). */
  perSampleIvSize?: 8 | 16;
  cipher: BlockCipher;
  /** Per track id, ticks to add to output decode times to get source decode times (clips start at zero); IVs come from source times. */
  timeOffsets?: ReadonlyMap<string, number>;
}
