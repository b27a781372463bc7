import { h } from '../ui/h.ts';
import { emptyState, pageHeader } from '../ui/parts.ts';
import type { Page } from '../PageContext.ts';

/**
 * Transcode jobs. The console calls public APIs only, and Kinora's
 * transcoder has none yet (no MediaConvert-compatible CreateJob/ListJobs),
 * so this page says so and names the command that does it today.
 */
export const jobsPage: Page = (ctx) => {
  ctx.title('Transcode jobs');
  return h(
    'div',
    {},
    pageHeader('Transcode jobs', 'Turn a video file into an HLS ladder that can become an asset.'),
    emptyState(
      'No transcode API yet',
      h('span', {}, 'The console can only show what an API serves, and Kinora\u2019s transcoder has no HTTP API yet. Start and follow jobs with the command line: ', h('code', {}, 'kinora transcode <file> --follow'), ' and ', h('code', {}, 'kinora jobs'), '.'),
    ),
  );
};
