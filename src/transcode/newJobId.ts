import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A MediaConvert-shaped job id: creation time in epoch ms, `-`, six random base-36 characters (`1536964333549-opn151`). */
export function newJobId(nowMs: number = Date.now()): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${nowMs}-${suffix}`;
}
