import type { JobEventStatus, JobPhase, JobProgressDetail, JobStateChangeEvent } from './JobStateChangeEvent.ts';
import type { TranscodeJob } from './TranscodeJob.ts';

const PHASES: JobPhase[] = ['PROBING', 'TRANSCODING', 'UPLOADING'];

/**
 * Builds the EventBridge "MediaConvert Job State Change" event of a job
 * (MediaConvert User Guide, ev_status_submitted/progressing/status_update/
 * complete/error/canceled): the envelope, then `detail` with the fields
 * MediaConvert puts for `status` and nothing else. Pure: the event id and the
 * clock are inputs.
 */
export function buildJobStateChangeEvent(
  job: TranscodeJob,
  status: JobEventStatus,
  context: { account: string; region: string; eventId: string; nowMs: number },
): JobStateChangeEvent {
  const detail: JobStateChangeEvent['detail'] = {
    timestamp: context.nowMs,
    accountId: context.account,
    queue: job.queue,
    jobId: job.id,
    status,
    userMetadata: { ...job.userMetadata },
  };
  if (status === 'STATUS_UPDATE') {
    const p = job.progress ?? { currentPhase: 'PROBING', jobPercentComplete: 0, phasePercentComplete: 0 };
    if (p.framesDecoded !== undefined) detail.framesDecoded = p.framesDecoded;
    detail.jobProgress = jobProgressDetail(p.currentPhase, p.phasePercentComplete, p.jobPercentComplete, Math.max(0, job.attempts - 1));
  } else if (status === 'ERROR') {
    detail.errorCode = job.error?.mediaConvertCode ?? 1999;
    detail.errorMessage = job.error?.message ?? 'unknown error';
  } else if (status === 'COMPLETE') {
    detail.outputGroupDetails = structuredClone(job.outputGroupDetails ?? []);
  }
  return {
    version: '0',
    id: context.eventId,
    'detail-type': 'MediaConvert Job State Change',
    source: 'aws.mediaconvert',
    account: context.account,
    time: new Date(context.nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: context.region,
    resources: [job.arn],
    detail,
  };
}

function jobProgressDetail(current: JobPhase, phasePercent: number, jobPercent: number, retryCount: number): JobProgressDetail {
  const at = PHASES.indexOf(current);
  const phaseProgress = {} as JobProgressDetail['phaseProgress'];
  PHASES.forEach((phase, i) => {
    phaseProgress[phase] = i < at
      ? { status: 'COMPLETE', percentComplete: 100 }
      : i === at
        ? { status: 'PROGRESSING', percentComplete: Math.floor(phasePercent) }
        : { status: 'PENDING', percentComplete: 0 };
  });
  return { phaseProgress, jobPercentComplete: Math.floor(jobPercent), currentPhase: current, retryCount };
}
