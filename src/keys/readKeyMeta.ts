import { KinoraError } from '../errors/KinoraError.ts';
import type { Pssh } from '../media/isobmff/boxes/pssh.ts';
import type { DrmSignalling } from './DrmSignalling.ts';

/** The inverse of `writeKeyMeta`; a damaged value is a KEY_PROVIDER_ERROR naming the key. */
export function readKeyMeta(meta: string, name: string): { pssh: Pssh[]; drm: DrmSignalling[] } {
  const bytes = (text: unknown) => {
    if (typeof text !== 'string') throw new Error('expected base64 text');
    return new Uint8Array(Buffer.from(text, 'base64'));
  };
  try {
    const value = JSON.parse(meta) as { pssh: { version: number; systemId: string; kids: string[]; data: string }[]; drm: { systemId: string; playReadyObject?: string; hls?: DrmSignalling['hls'] }[] };
    return {
      pssh: value.pssh.map((p) => ({ version: p.version, systemId: bytes(p.systemId), kids: p.kids.map(bytes), data: bytes(p.data) })),
      drm: value.drm.map((d) => ({ systemId: d.systemId, ...(d.playReadyObject !== undefined ? { playReadyObject: bytes(d.playReadyObject) } : {}), ...(d.hls ? { hls: d.hls } : {}) })),
    };
  } catch (e) {
    throw new KinoraError('KEY_PROVIDER_ERROR', `the key store's signalling for ${name} is damaged: ${(e as Error).message}`, { cause: e });
  }
}
