import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureFixture } from '../../../scripts/fixtures.ts';

/**
 * Copies the `ladder` fixture folder (ladder.m3u8, ladder_180p.m3u8,
 * ladder_180p_00000.ts, ..., ladder_audio.m3u8) into `into`, or a new temp
 * folder, so a test can damage its copy. Returns the folder.
 */
export async function copyLadder(into?: string): Promise<string> {
  const folder = into ?? mkdtempSync(join(tmpdir(), 'kinora-ladder-'));
  cpSync(dirname(await ensureFixture('ladder')), folder, { recursive: true });
  return folder;
}
