/** One `-progress` report of ffmpeg. */
export interface FfmpegProgress {
  /** Output time reached, microseconds (`out_time_us`); undefined before the first frame. */
  outTimeUs?: number;
  /** Frames written so far (`frame`). */
  frame?: number;
  /** `progress=end`: the last report. */
  end: boolean;
}

/**
 * Incremental parser of ffmpeg's `-progress pipe:1` stream: blocks of
 * `key=value` lines, each block closed by `progress=continue` or
 * `progress=end`. Chunks may split lines anywhere; `N/A` values are absent.
 */
export class FfmpegProgressReader {
  private pending = '';
  private block: Record<string, string> = {};

  /** Feeds a chunk of stdout; returns the reports it completed, in order. */
  push(chunk: string): FfmpegProgress[] {
    const out: FfmpegProgress[] = [];
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key !== 'progress') {
        this.block[key] = value;
        continue;
      }
      const report: FfmpegProgress = { end: value === 'end' };
      const outTime = integer(this.block.out_time_us);
      if (outTime !== undefined && outTime >= 0) report.outTimeUs = outTime;
      const frame = integer(this.block.frame);
      if (frame !== undefined) report.frame = frame;
      out.push(report);
      this.block = {};
    }
    return out;
  }
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return Number(text);
}
