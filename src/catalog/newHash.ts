import { randomBytes } from 'node:crypto';

/** 32 lowercase hex digits, random: the opaque path parts of egress URLs. */
export function newHash(): string {
  return randomBytes(16).toString('hex');
}
