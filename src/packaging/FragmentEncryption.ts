import type { BlockCipher } from '../media/cenc/BlockCipher.ts';
import type { ProtectionScheme } from '../media/cenc/ProtectionScheme.ts';
import type { Pssh } from '../media/isobmff/boxes/pssh.ts';

/** How an fMP4 output is encrypted: the scheme, one content key for every track, and the cipher. */
export interface FragmentEncryption {
  scheme: ProtectionScheme;
  kid: Uint8Array;
  key: Uint8Array;
  /** `cbcs`: the 16-byte constant IV of every track. */
  constantIv?: Uint8Array;
  /** `pssh` boxes for the init segment's `moov`. */
  pssh: readonly Pssh[];
  cipher: BlockCipher;
  /** Per track id, ticks to add to output decode times to get source decode times (clips start at zero); IVs come from source times. */
  timeOffsets?: ReadonlyMap<string, number>;
}
