/** What `ffprobe` told us about an input, reduced to what planning needs. */
export interface InputProbe {
  /** ffprobe `format_name`, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  formatName: string;
  durationSeconds: number;
  video: {
    /** Index of the stream in the file. */
    index: number;
    codec: string;
    /** Coded size. */
    width: number;
    height: number;
    /** Size as displayed: sample aspect ratio applied, swapped for a 90/270 degree rotation. */
    displayWidth: number;
    displayHeight: number;
    /** Frames per second (average, else nominal, else 25). */
    frameRate: number;
    /** Clockwise display rotation in degrees, 0/90/180/270. */
    rotation: number;
  };
  audio?: { index: number; codec: string; channels: number; sampleRate: number };
}
