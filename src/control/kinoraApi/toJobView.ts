import type { TranscodeJob } from '../../transcode/TranscodeJob.ts';

/** A transcode job as the Kinora API shows it: the stored job without its worker lease (an internal of the queue). */
export type JobView = Omit<TranscodeJob, 'lease'>;

export function toJobView(job: TranscodeJob): JobView {
  const { lease: _lease, ...view } = job;
  return view;
}
