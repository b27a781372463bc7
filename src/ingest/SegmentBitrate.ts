/** Peak and mean payload bitrate over source segments. */
export class SegmentBitrate {
  private bits = 0;
  private seconds = 0;
  peak = 0;

  add(bytes: number, durationSeconds: number): void {
    this.bits += bytes * 8;
    this.seconds += durationSeconds;
    if (durationSeconds > 0) this.peak = Math.max(this.peak, Math.ceil((bytes * 8) / durationSeconds));
  }

  get average(): number {
    return this.seconds > 0 ? Math.ceil(this.bits / this.seconds) : 0;
  }
}
