import type { TranscodeErrorCode } from './TranscodeErrorCode.ts';

/**
 * Names the cause of a failed ffmpeg run from its exit and stderr tail, for
 * the job's error: disk full, a missing decoder, an input that breaks
 * mid-way; anything else is TRANSCODE_FAILED. The message always carries the
 * stderr tail, which is what an operator needs to see.
 */
export function classifyFfmpegFailure(result: { exitCode: number | null; signal: string | null; stderrTail: string }, subject: string): { code: TranscodeErrorCode; message: string } {
  const tail = result.stderrTail.trim();
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  const detail = tail === '' ? '(no error output)' : tail;
  let code: TranscodeErrorCode = 'TRANSCODE_FAILED';
  if (/No space left on device|ENOSPC/i.test(tail)) code = 'DISK_FULL';
  else if (/Decoder \(codec [^)]*\) not found|Unknown decoder|Decoding requested, but no decoder found|unsupported codec/i.test(tail)) code = 'INPUT_UNSUPPORTED';
  else if (/Invalid data found when processing input|moov atom not found|End of file|partial file/i.test(tail)) code = 'INPUT_READ_FAILED';
  return { code, message: `ffmpeg ${how} while transcoding ${subject}: ${detail}` };
}
