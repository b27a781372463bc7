import type { ContentKey } from './ContentKey.ts';

/**
 * The public signalling of a key (its `pssh` boxes and per-system data) as
 * the JSON a `StoredKey.meta` holds, bytes in base64, so a key fetched from
 * a key server serves with the same signalling after a restart.
 */
export function writeKeyMeta(key: Pick<ContentKey, 'pssh' | 'drm'>): string {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return JSON.stringify({
    pssh: key.pssh.map((p) => ({ version: p.version, systemId: b64(p.systemId), kids: p.kids.map(b64), data: b64(p.data) })),
    drm: (key.drm ?? []).map((d) => ({ systemId: d.systemId, playReadyObject: d.playReadyObject && b64(d.playReadyObject), hls: d.hls })),
  });
}
