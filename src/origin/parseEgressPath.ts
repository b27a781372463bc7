import { KinoraError } from '../errors/KinoraError.ts';

/** The parts of an egress URL path: `/out/v1/<group hash>/<config hash>/<asset hash>/<path>`. */
export interface EgressPath {
  groupHash: string;
  configurationHash: string;
  assetHash: string;
  /** Child path relative to the manifest, e.g. `index.mpd`, `v1/3.m4s`. */
  path: string;
}

const HASH = /^[0-9a-f]{32}$/;
/** Path parts: file names, plus Smooth's `QualityLevels(<bitrate>)` and `Fragments(video=<t>)`. */
const SEGMENT = /^[A-Za-z0-9_.=(),-]{1,128}$/;

/**
 * Parses the raw request target. Anything that could mean a different file
 * after decoding (`..`, `.`, percent-escapes, backslashes, empty parts) is
 * refused with BAD_PATH before any lookup: the origin never decodes paths.
 * Query strings are ignored here (manifest filtering parses its own).
 */
export function parseEgressPath(rawUrl: string): EgressPath {
  const path = rawUrl.split('?')[0];
  if (path.length > 1024) throw new KinoraError('BAD_PATH', `path is ${path.length} characters long; at most 1024 are accepted`);
  if (/[%\\]/.test(path)) throw new KinoraError('BAD_PATH', `path "${path}" contains an escape or backslash; egress paths never need them`);
  const parts = path.split('/');
  // ['', 'out', 'v1', group, config, asset, ...child]
  if (parts.length < 7 || parts[1] !== 'out' || parts[2] !== 'v1') {
    throw new KinoraError('BAD_PATH', `path "${path}" is not /out/v1/<group>/<configuration>/<asset>/<resource>`);
  }
  const [groupHash, configurationHash, assetHash] = parts.slice(3, 6);
  for (const h of [groupHash, configurationHash, assetHash]) {
    if (!HASH.test(h)) throw new KinoraError('BAD_PATH', `"${h}" in path "${path}" is not a 32-digit lowercase hex id`);
  }
  const child = parts.slice(6);
  for (const p of child) {
    if (!SEGMENT.test(p) || p === '.' || p === '..') throw new KinoraError('BAD_PATH', `path part "${p}" in "${path}" is not allowed`);
  }
  return { groupHash, configurationHash, assetHash, path: child.join('/') };
}
