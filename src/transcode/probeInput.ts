import { stat } from 'node:fs/promises';
import { TranscodeError } from './TranscodeError.ts';
import type { InputProbe } from './InputProbe.ts';
import { readProbeResult } from './readProbeResult.ts';
import { runProcess } from './runProcess.ts';

/**
 * Probes a local input file before any transcoding: a zero-byte file is
 * INPUT_EMPTY, a file ffprobe cannot open (corrupt, truncated, not media)
 * INPUT_UNREADABLE with ffprobe's own words, then `readProbeResult` checks
 * there is a video stream to transcode. `subject` names the input as the user
 * gave it (`s3://...`), not the local copy.
 */
export async function probeInput(path: string, subject: string, options: { ffprobePath?: string; signal?: AbortSignal } = {}): Promise<InputProbe> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e: any) {
    throw new TranscodeError('INPUT_NOT_FOUND', `${subject} does not exist (${e.code ?? e.message})`, { subject, cause: e });
  }
  if (size === 0) throw new TranscodeError('INPUT_EMPTY', `${subject} is empty (0 bytes)`, { subject });
  const ffprobe = options.ffprobePath ?? 'ffprobe';
  let result;
  try {
    result = await runProcess(
      ffprobe,
      ['-hide_banner', '-v', 'error', '-protocol_whitelist', 'file', '-print_format', 'json', '-show_format', '-show_streams', `file:${path}`],
      { signal: options.signal, collectStdout: true },
    );
  } catch (e: any) {
    if (options.signal?.aborted) throw e;
    throw new TranscodeError('TRANSCODE_FAILED', `cannot start ffprobe (${ffprobe}): ${e?.code ?? e?.message ?? e}`, { subject, cause: e });
  }
  if (result.exitCode !== 0) {
    // ffprobe's lines, without its object addresses and our temporary path: "moov atom not found; Invalid data found when processing input".
    const why = result.stderrTail.split('\n').map((l) => l.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/, '').replace(/^file:\S*:\s*/, '').trim()).filter((l) => l !== '').join('; ')
      || `ffprobe exited with code ${result.exitCode}`;
    throw new TranscodeError('INPUT_UNREADABLE', `${subject} (${size} bytes) cannot be opened as media: ${why}`, { subject });
  }
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new TranscodeError('INPUT_UNREADABLE', `${subject}: ffprobe gave no readable description of the file`, { subject });
  }
  return readProbeResult(json, subject);
}
