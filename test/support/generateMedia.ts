import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const cacheRoot = resolve(import.meta.dirname, '../../.cache/unit-fixtures');

/**
 * Runs ffmpeg once per distinct argument list and caches the output folder under
 * `.cache/unit-fixtures/<hash>/`. `args` must write its outputs relative to the
 * working directory (ffmpeg runs with `cwd` = a temporary folder that is renamed
 * into place only when ffmpeg succeeds, so a crash never leaves a half-made fixture).
 * Returns the folder holding the outputs.
 */
export function generateMedia(args: string[]): string {
  const key = createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 16);
  const dir = join(cacheRoot, key);
  if (existsSync(dir)) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another test process won the race; its copy is identical.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
  return dir;
}

/** A short synthetic A/V source as ffmpeg input arguments (testsrc2 + sine), `seconds` long. */
export function syntheticInput(seconds: number, size = '320x180', rate = 25): string[] {
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
  ];
}
