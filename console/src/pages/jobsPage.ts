import { h } from '../ui/h.ts';
import { formatBytes, formatDate } from '../ui/format.ts';
import { confirmAction, emptyState, errorBox, notice, pageHeader, statusBadge } from '../ui/parts.ts';
import { bucketBrowser } from '../ui/bucketBrowser.ts';
import { describeError } from '../aws/ApiError.ts';
import { JOB_STATUSES, type JobStatus, type TranscodeJob, type UploadPhase } from '../aws/KinoraApi.ts';
import type { Page, PageContext } from '../PageContext.ts';

/** Polling while a job runs, and while none does (jobs may come from the CLI or a watch folder). */
const ACTIVE_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;

const ACTIVE: readonly JobStatus[] = ['SUBMITTED', 'PROGRESSING'];

/** Files the transcoder is likely to read (ffmpeg reads far more; anything can still be typed). */
const VIDEO_FILE = /\.(mp4|m4v|mov|mkv|webm|avi|mxf|ts|m2ts|mpg|mpeg|wmv|flv|3gp|y4m)$/i;

/** `s3://bucket/dir/name.mp4` -> `s3://bucket/outputs/name/` (MediaConvert names outputs after the input). */
function destinationFor(input: string): string {
  const m = /^s3:\/\/([^/]+)\/(?:.*\/)?([^/]+?)(?:\.[^./]*)?$/.exec(input);
  if (!m) return '';
  const name = m[2].replace(/[^A-Za-z0-9._-]+/g, '_') || 'output';
  return `s3://${m[1]}/outputs/${name}/`;
}

/**
 * Transcode jobs (Kinora API `/transcode/jobs`): start one from a file
 * uploaded here (hashed, then sent with progress, into `uploads/` of a
 * bucket) or from an object chosen in a bucket, follow every job's progress
 * live, cancel one, and turn a finished job's HLS playlist into an asset.
 */
export const jobsPage: Page = async (ctx) => {
  ctx.title('Transcode jobs');
  const header = pageHeader('Transcode jobs', 'Turn a video file into an HLS ladder that can become an asset.');
  const list = h('section', { 'aria-labelledby': 'jobs-title' });
  const form = newJobForm(ctx, () => void refresh());
  const filter = h('select', { id: 'jobs-status' }, h('option', { value: '' }, 'All statuses'), ...JOB_STATUSES.map((s) => h('option', { value: s }, s.charAt(0) + s.slice(1).toLowerCase())));
  const body = h('div', {});
  list.append(h('div', { class: 'section-header' }, h('h2', { id: 'jobs-title' }, 'Jobs'), h('div', { class: 'toolbar' }, h('label', { for: 'jobs-status' }, 'Status'), filter)), body);

  let timer = 0;
  let shown = '';
  let loads = 0;
  const refresh = async () => {
    clearTimeout(timer);
    const mine = ++loads;
    let jobs: TranscodeJob[];
    try {
      jobs = await ctx.kinora.listJobs((filter.value || undefined) as JobStatus | undefined);
    } catch (e) {
      if (ctx.left() || mine !== loads) return;
      body.replaceChildren(errorBox(e, () => void refresh()));
      shown = '';
      timer = window.setTimeout(refresh, IDLE_POLL_MS);
      return;
    }
    if (ctx.left() || mine !== loads) return;
    // Re-render only what changed, so focus and an open confirmation stay put.
    const key = JSON.stringify(jobs);
    if (key !== shown) {
      shown = key;
      body.replaceChildren(jobs.length ? jobTable(ctx, jobs, () => void refresh()) : emptyState(filter.value ? `No ${filter.value.toLowerCase()} jobs` : 'No transcode jobs yet', 'Start one above from an uploaded file or a file in a bucket; jobs started with kinora transcode or by a watch folder show here too.'));
    }
    timer = window.setTimeout(refresh, jobs.some((j) => ACTIVE.includes(j.status)) ? ACTIVE_POLL_MS : IDLE_POLL_MS);
  };
  filter.addEventListener('change', () => void refresh());
  ctx.onLeave(() => clearTimeout(timer));
  body.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading jobs…'));
  void refresh();
  return h('div', {}, header, form, list);
};

function jobTable(ctx: PageContext, jobs: TranscodeJob[], changed: () => void): HTMLElement {
  return h(
    'table',
    { class: 'jobs' },
    h('caption', { class: 'visually-hidden' }, 'Transcode jobs'),
    h('thead', {}, h('tr', {}, ...['Job', 'Status', 'Progress', 'Input', 'Output', 'Created', ''].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...jobs.map((j) => jobRow(ctx, j, changed))),
  );
}

function jobRow(ctx: PageContext, j: TranscodeJob, changed: () => void): HTMLElement {
  const percent = j.status === 'COMPLETE' ? 100 : Math.floor(j.progress?.jobPercentComplete ?? 0);
  const progress =
    j.status === 'ERROR'
      ? h('span', { class: 'reason' }, j.error ? `${j.error.message} (${j.error.code})` : 'Failed')
      : j.status === 'CANCELED'
        ? h('span', { class: 'muted' }, 'Canceled')
        : h(
            'span',
            { class: 'job-progress' },
            h('progress', { max: 100, value: percent, 'aria-label': `Progress of job ${j.id}` }),
            h('small', {}, j.status === 'COMPLETE' ? 'Done' : j.status === 'SUBMITTED' ? 'Waiting' : `${(j.progress?.currentPhase ?? 'PROBING').toLowerCase()} · ${percent}%`),
          );
  const playlists = (j.outputGroupDetails ?? []).flatMap((g) => g.playlistFilePaths);
  const output = playlists.length
    ? h(
        'span',
        { class: 'output' },
        ...playlists.map((p) => h('span', {}, h('code', {}, p), ' ', h('a', { class: 'button small secondary', href: `/console/assets/new?source=${encodeURIComponent(p)}`, 'aria-label': `Create an asset from ${p}` }, 'Create asset'))),
      )
    : h('code', { class: 'muted' }, j.destination);
  const cancel = ACTIVE.includes(j.status)
    ? h('button', {
        type: 'button',
        class: 'danger small',
        'aria-label': `Cancel job ${j.id}`,
        onclick: async (e: Event) => {
          const button = e.currentTarget as HTMLButtonElement;
          if (!(await confirmAction(`Cancel job ${j.id}?`, 'Its transcoding stops at once; nothing is published.', 'Cancel job'))) return;
          button.disabled = true;
          try {
            await ctx.kinora.cancelJob(j.id);
          } catch (err) {
            button.replaceWith(h('span', { class: 'reason', role: 'alert' }, describeError(err)));
          }
          changed();
        },
      }, 'Cancel')
    : null;
  return h(
    'tr',
    { 'data-job': j.id },
    h('td', {}, h('code', {}, j.id), j.template?.name ? h('small', { class: 'hint' }, ` ${j.template.name}`) : null),
    h('td', { class: 'job-status' }, statusBadge(j.status)),
    h('td', {}, progress),
    h('td', {}, h('code', {}, j.input)),
    h('td', {}, output),
    h('td', {}, formatDate(j.createdAt)),
    h('td', {}, cancel),
  );
}

/** The "New job" form: the input (an upload, or an object in a bucket), the destination, an optional template. */
function newJobForm(ctx: PageContext, started: () => void): HTMLElement {
  const field = (id: string, label: string, control: HTMLElement, hint?: string | Node) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const mode = (value: string, label: string, checked = false) => h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'job-source', value, ...(checked ? { checked: true } : {}) }), label);

  const file = h('input', { id: 'job-file', type: 'file', accept: 'video/*,.mp4,.mov,.mkv,.ts,.mxf,.webm' });
  const bucketInput = h('input', { id: 'job-upload-bucket', type: 'text', value: 'media', list: 'job-buckets', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'job-upload-bucket-hint' });
  const bucketList = h('datalist', { id: 'job-buckets' });
  const uploadPanel = h(
    'div',
    { class: 'fields', 'data-panel': 'upload' },
    field('job-file', 'Video file', file),
    field('job-upload-bucket', 'Upload into bucket', bucketInput, h('span', {}, 'The file goes to ', h('code', {}, 's3://<bucket>/uploads/<file name>'), '.')),
    bucketList,
  );

  const input = h('input', { id: 'job-input', type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 's3://media/inputs/clip.mp4', 'aria-describedby': 'job-input-hint' });
  const pickerBox = h('div', { class: 'picker-box' });
  const browse: HTMLButtonElement = h('button', {
    type: 'button',
    class: 'secondary',
    'aria-expanded': 'false',
    onclick: () => {
      const open = !pickerBox.firstChild;
      browse.setAttribute('aria-expanded', String(open));
      pickerBox.replaceChildren(
        ...(open
          ? [
              bucketBrowser({
                api: ctx.kinora,
                id: 'job-browser',
                accept: (key) => VIDEO_FILE.test(key),
                acceptText: 'video files',
                pick: (uri) => {
                  input.value = uri;
                  syncDestination();
                  pickerBox.replaceChildren();
                  browse.setAttribute('aria-expanded', 'false');
                  input.focus();
                },
              }),
            ]
          : []),
      );
    },
  }, 'Browse buckets');
  const bucketPanel = h(
    'div',
    { class: 'fields', 'data-panel': 'bucket', hidden: true },
    h('div', { class: 'field' }, h('label', { for: 'job-input' }, 'Input'), h('div', { class: 'input-with-button' }, input, browse), h('small', { class: 'hint', id: 'job-input-hint' }, 'An object in a bucket: ', h('code', {}, 's3://<bucket>/<key>'), '.'), pickerBox),
  );

  const destination = h('input', { id: 'job-destination', type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 's3://media/outputs/clip/', 'aria-describedby': 'job-destination-hint' });
  let destinationEdited = false;
  destination.addEventListener('input', () => (destinationEdited = destination.value !== ''));
  const template = h('textarea', { id: 'job-template', rows: 6, spellcheck: 'false', placeholder: '{ "video": { ... }, "audio": { ... } }' });

  const sourceNow = () => (form.querySelector<HTMLInputElement>('input[name="job-source"]:checked')?.value ?? 'upload') as 'upload' | 'bucket';
  const plannedInput = () => (sourceNow() === 'upload' ? (file.files?.[0] ? `s3://${bucketInput.value.trim()}/uploads/${file.files[0].name}` : '') : input.value.trim());
  const syncDestination = () => {
    if (!destinationEdited) destination.value = destinationFor(plannedInput());
  };
  file.addEventListener('change', syncDestination);
  bucketInput.addEventListener('input', syncDestination);
  input.addEventListener('input', syncDestination);

  const progressBar = h('progress', { id: 'upload-progress', max: 100, value: 0 });
  const progressText = h('span', { id: 'upload-progress-text' });
  const progressBox = h('div', { class: 'upload-progress', hidden: true }, h('label', { for: 'upload-progress' }, progressText), progressBar);
  const message = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start job');
  let uploadLimit = Number.POSITIVE_INFINITY;

  const showProgress = (phase: UploadPhase, done: number, total: number, name: string) => {
    progressBox.hidden = false;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    progressBar.value = percent;
    progressText.textContent = phase === 'hashing' ? `Checking ${name} before sending it: ${percent}%` : `Uploading ${name}: ${percent}% (${formatBytes(done)} of ${formatBytes(total)})`;
  };

  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      'aria-labelledby': 'new-job-title',
      onchange: (e: Event) => {
        if ((e.target as HTMLInputElement).name !== 'job-source') return;
        const which = sourceNow();
        uploadPanel.hidden = which !== 'upload';
        bucketPanel.hidden = which !== 'bucket';
        syncDestination();
      },
      onsubmit: async (e: Event) => {
        e.preventDefault();
        message.replaceChildren();
        const fail = (text: string, focus?: HTMLElement) => {
          message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, text));
          focus?.focus();
        };
        let templateValue: unknown;
        if (template.value.trim()) {
          try {
            templateValue = JSON.parse(template.value);
          } catch (err) {
            return fail(`The template is not valid JSON: ${(err as Error).message}`, template);
          }
        }
        const upload = sourceNow() === 'upload' ? file.files?.[0] : undefined;
        if (sourceNow() === 'upload') {
          if (!upload) return fail('Choose a video file to upload.', file);
          if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucketInput.value.trim())) return fail('The bucket name is 3-63 lowercase letters, digits, dots and hyphens.', bucketInput);
          if (upload.size > uploadLimit) return fail(`${upload.name} is ${formatBytes(upload.size)}, over this server\u2019s upload limit of ${formatBytes(uploadLimit)}.`, file);
        } else if (!/^s3:\/\/[^/]+\/.+/.test(input.value.trim())) {
          return fail('The input is an object in a bucket: s3://<bucket>/<key>.', input);
        }
        if (!destination.value.trim()) syncDestination();
        submit.disabled = true;
        try {
          let source = input.value.trim();
          if (upload) {
            submit.textContent = 'Uploading…';
            const uploaded = await ctx.kinora.upload(bucketInput.value.trim(), `uploads/${upload.name}`, upload, (phase, done, total) => showProgress(phase, done, total, upload.name));
            source = uploaded.uri;
          }
          submit.textContent = 'Starting…';
          const job = await ctx.kinora.createJob({ input: source, destination: destination.value.trim() || destinationFor(source), ...(templateValue === undefined ? {} : { template: templateValue }) });
          if (ctx.left()) return;
          message.replaceChildren(notice(h('span', {}, 'Job ', h('code', {}, job.id), ` started on ${source}.`), 'success'));
          const bucket = bucketInput.value;
          form.reset();
          bucketInput.value = bucket;
          destinationEdited = false;
          uploadPanel.hidden = false;
          bucketPanel.hidden = true;
          progressBox.hidden = true;
          started();
        } catch (err) {
          fail(describeError(err));
        } finally {
          submit.disabled = false;
          submit.textContent = 'Start job';
        }
      },
    },
    h('h2', { id: 'new-job-title' }, 'New job'),
    h('fieldset', { class: 'types plain' }, h('legend', { class: 'visually-hidden' }, 'Input'), mode('upload', 'Upload a file', true), mode('bucket', 'A file in a bucket')),
    uploadPanel,
    bucketPanel,
    h(
      'div',
      { class: 'fields' },
      field('job-destination', 'Destination', destination, h('span', {}, h('code', {}, 's3://<bucket>/<prefix>/'), ' (outputs named after the input) or ', h('code', {}, 's3://<bucket>/<prefix>/<name>'), '.')),
      h('details', { class: 'template' }, h('summary', {}, 'Template (optional)'), field('job-template', 'Template JSON (empty: the default 3-rung H.264 ladder)', template)),
    ),
    progressBox,
    message,
    h('div', { class: 'actions' }, submit),
  );

  void ctx.kinora.listBuckets().then(
    ({ buckets, uploadLimitBytes }) => {
      uploadLimit = uploadLimitBytes;
      bucketList.replaceChildren(...buckets.map((b) => h('option', { value: b.name })));
      if (buckets.length && !buckets.some((b) => b.name === bucketInput.value)) bucketInput.value = buckets[0].name;
    },
    () => {
      // The upload itself will say what is wrong; the bucket list is only a convenience.
    },
  );
  return form;
}
