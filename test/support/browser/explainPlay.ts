import type { PlayResult } from './playInBrowser.ts';

/** A play result as an assertion message: everything the harness saw, with the last `lastLines` lines of its log. */
export function explainPlay(r: PlayResult, lastLines = 40): string {
  return JSON.stringify({ ...r, log: r.log.slice(-lastLines) }, null, 2);
}
