/** Where a job's HLS output goes: `s3://<bucket>/<prefix><baseName>.m3u8` and siblings. */
export interface OutputLocation {
  bucket: string;
  /** Empty, or ending with `/`. */
  prefix: string;
  /** File name stem of every output file (MediaConvert's output base name). */
  baseName: string;
}
