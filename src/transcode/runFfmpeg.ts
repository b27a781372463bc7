import { TranscodeError } from './TranscodeError.ts';
import { classifyFfmpegFailure } from './classifyFfmpegFailure.ts';
import { FfmpegProgressReader, type FfmpegProgress } from './FfmpegProgressReader.ts';
import { runProcess } from './runProcess.ts';

/**
 * Runs one ffmpeg job (see `planFfmpegArgs`), reporting `-progress` blocks as
 * they arrive. Aborting `signal` kills ffmpeg's process group and rejects
 * with the abort reason; a failed run throws a TranscodeError classified from
 * the exit and stderr tail. `subject` names the input in messages.
 */
export async function runFfmpeg(
  args: string[],
  subject: string,
  options: { ffmpegPath?: string; signal?: AbortSignal; onProgress?: (progress: FfmpegProgress) => void } = {},
): Promise<void> {
  const reader = new FfmpegProgressReader();
  let result;
  try {
    result = await runProcess(options.ffmpegPath ?? 'ffmpeg', args, {
      signal: options.signal,
      onStdout: (chunk) => {
        for (const p of reader.push(chunk)) options.onProgress?.(p);
      },
    });
  } catch (e: any) {
    if (options.signal?.aborted) throw e;
    throw new TranscodeError('TRANSCODE_FAILED', `cannot start ffmpeg (${options.ffmpegPath ?? 'ffmpeg'}): ${e?.code ?? e?.message ?? e}`, { subject, cause: e });
  }
  if (result.exitCode !== 0) {
    const { code, message } = classifyFfmpegFailure(result, subject);
    throw new TranscodeError(code, message, { subject });
  }
}
