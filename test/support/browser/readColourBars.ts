import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The six colour bars of the testsrc2 picture in a screenshot, left to right, as which of R, G
 * and B are lit (mean over a band of rows clear of the counter, the moving squares and the
 * diagonal, by ffmpeg). A black frame, or one decoded from wrongly decrypted bytes, does not
 * give the testsrc2 sequence.
 */
export async function readColourBars(png: string): Promise<string[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', png, '-vf', 'crop=640:60:0:60,scale=6:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 20 });
  const bars: string[] = [];
  for (let i = 0; i + 3 <= stdout.byteLength; i += 3) bars.push(['R', 'G', 'B'].filter((_, c) => stdout[i + c] > 128).join(''));
  return bars;
}
