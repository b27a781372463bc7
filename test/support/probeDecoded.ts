import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * One stream of a file or URL as ffprobe decodes it: frames read
 * (`-count_frames`), duration from the first packet's pts to the last
 * packet's pts plus its duration, and what ffprobe reported at level error.
 * `stream` is an ffprobe stream specifier (`v:0`, `a:0`, `0`).
 */
export async function probeDecoded(input: string, stream: string): Promise<{ frames: number; seconds: number; errors: string }> {
  const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-count_frames', '-show_entries', 'stream=nb_read_frames:packet=pts_time,duration_time', '-of', 'json', input], { maxBuffer: 64 << 20 });
  const json = JSON.parse(stdout);
  let first = Infinity;
  let last = -Infinity;
  for (const p of (json.packets ?? []) as { pts_time?: string; duration_time?: string }[]) {
    const t = Number(p.pts_time);
    if (!Number.isFinite(t)) continue;
    first = Math.min(first, t);
    last = Math.max(last, t + Number(p.duration_time ?? 0));
  }
  return { frames: Number(json.streams[0]?.nb_read_frames ?? 0), seconds: last - first, errors: stderr.trim() };
}
