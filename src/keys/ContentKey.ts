import type { Pssh } from '../media/isobmff/boxes/pssh.ts';
import type { DrmSignalling } from './DrmSignalling.ts';

/** One content key and what the packager signals with it. */
export interface ContentKey {
  /** 16-byte key ID (`default_KID`). */
  kid: Uint8Array;
  /** 16-byte AES-128 key. */
  key: Uint8Array;
  /** A 16-byte IV chosen with the key, used where the configuration gives no `constantInitializationVector` (cbcs). */
  iv?: Uint8Array;
  /** `pssh` boxes for the requested systems (init segments, and `cenc:pssh` in the MPD). */
  pssh: Pssh[];
  /** What else the key provider gave per DRM system (PlayReady header, HLS key URI); absent systems are signalled by Kinora's defaults. */
  drm?: DrmSignalling[];
}
