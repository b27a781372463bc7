import { h } from '../ui/h.ts';
import { pageHeader } from '../ui/parts.ts';
import { bucketBrowser } from '../ui/bucketBrowser.ts';
import { vodShapes } from '../../../src/control/validation/vodShapes.ts';
import { readSourceArn } from '../../../src/control/validation/readSourceArn.ts';
import { readFormControls, showFieldError, clearFieldErrors } from '../form/renderShapeFields.ts';
import { readFormEntries } from '../form/readFormEntries.ts';
import { validateRequest } from '../form/validateRequest.ts';
import { describeError } from '../aws/ApiError.ts';
import type { Page } from '../PageContext.ts';

/** What Kinora does not use but the MediaPackage API requires: a role ARN. */
const DEFAULT_ROLE = 'arn:aws:iam::000000000000:role/KinoraSourceRead';

/** `s3://bucket/key`, `bucket/key` or an S3 ARN -> `arn:aws:s3:::bucket/key`. */
export function sourceArnOf(path: string): string {
  const p = path.trim();
  if (p === '' || p.startsWith('arn:')) return p;
  return `arn:aws:s3:::${p.replace(/^s3:\/\//, '').replace(/^\/+/, '')}`;
}

/** `s3://bucket/some/folder/name.m3u8` -> where a picker should open: that bucket and folder. */
function startOf(path: string): { bucket?: string; prefix?: string } {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(sourceArnOf(path).replace(/^arn:aws:s3:::/, 's3://'));
  return m ? { bucket: m[1], prefix: m[2].slice(0, m[2].lastIndexOf('/') + 1) } : {};
}

/**
 * CreateAsset: an id, a group and the HLS source in a bucket, typed
 * (`s3://bucket/path/index.m3u8`) or chosen with the bucket browser (Kinora
 * API bucket listing; `?source=` pre-fills it, as a finished transcode job's
 * "Create asset" link does). Everything is checked with the API's rules before it is sent.
 */
export const newAssetPage: Page = async (ctx) => {
  ctx.title('New asset');
  const groups = await ctx.vod.listPackagingGroups();
  const wanted = ctx.query.get('group') ?? '';
  const field = (id: string, label: string, control: HTMLElement, hint?: string | Node) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const idInput = h('input', { id: 'asset-id', type: 'text', 'data-path': 'id', 'data-kind': 'string', autocomplete: 'off', spellcheck: 'false', autofocus: true, 'aria-describedby': 'asset-id-hint' });
  const groupSelect = h('select', { id: 'asset-group', 'data-path': 'packagingGroupId', 'data-kind': 'string' }, ...groups.map((g) => h('option', { value: g.id, ...(g.id === wanted ? { selected: true } : {}) }, g.id)));
  const source = h('input', { id: 'asset-source', type: 'text', 'data-path': 'sourceArn', autocomplete: 'off', spellcheck: 'false', placeholder: 's3://media/assets/VANLIFE/HLS/VANLIFE.m3u8', 'aria-describedby': 'asset-source-hint', value: ctx.query.get('source') ?? undefined });
  const pickerBox = h('div', { class: 'picker-box' });
  const browse: HTMLButtonElement = h('button', {
    type: 'button',
    class: 'secondary',
    'aria-expanded': 'false',
    'aria-controls': 'asset-source-browser',
    onclick: () => {
      if (pickerBox.firstChild) {
        pickerBox.replaceChildren();
        browse.setAttribute('aria-expanded', 'false');
        return;
      }
      browse.setAttribute('aria-expanded', 'true');
      pickerBox.replaceChildren(
        bucketBrowser({
          api: ctx.kinora,
          id: 'asset-source-browser',
          accept: (key) => /\.m3u8$/i.test(key),
          acceptText: 'HLS playlists (.m3u8)',
          start: startOf(source.value),
          pick: (uri) => {
            source.value = uri;
            pickerBox.replaceChildren();
            browse.setAttribute('aria-expanded', 'false');
            source.focus();
          },
        }),
      );
      pickerBox.firstElementChild?.setAttribute('id', 'asset-source-browser');
    },
  }, 'Browse buckets');
  const role = h('input', { id: 'asset-role', type: 'text', 'data-path': 'sourceRoleArn', 'data-kind': 'string', value: DEFAULT_ROLE, spellcheck: 'false', 'aria-describedby': 'asset-role-hint' });
  const resourceId = h('input', { id: 'asset-resource', type: 'text', 'data-path': 'resourceId', 'data-kind': 'string', spellcheck: 'false', 'aria-describedby': 'asset-resource-hint' });
  const tags = h('textarea', { id: 'asset-tags', 'data-path': 'tags', 'data-kind': 'map', rows: 2, placeholder: 'key=value', spellcheck: 'false' });
  const fields = h(
    'div',
    { class: 'fields' },
    field('asset-id', 'ID (required)', idInput, h('span', {}, h('code', {}, 'id'), ' · letters, digits, _ and -')),
    field('asset-group', 'Packaging group', groupSelect),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'asset-source' }, 'Source (HLS playlist in a bucket)'),
      h('div', { class: 'input-with-button' }, source, browse),
      h('small', { class: 'hint', id: 'asset-source-hint' }, 'Type ', h('code', {}, 's3://<bucket>/<path>/<name>.m3u8'), ' or browse the buckets. With the default folder storage, bucket ', h('code', {}, '<bucket>'), ' is the folder ', h('code', {}, '<data dir>/buckets/<bucket>'), '.'),
      pickerBox,
    ),
    field('asset-role', 'Source role ARN', role, 'Required by the MediaPackage API; Kinora reads its buckets itself and does not use it.'),
    field('asset-resource', 'Resource ID (optional)', resourceId, 'The content ID sent to a key server (SPEKE).'),
    field('asset-tags', 'Tags (one key=value per line)', tags),
  );
  const message = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create asset');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      'aria-label': 'New asset',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(form);
        message.replaceChildren();
        const { body, problems } = readFormEntries([...readFormControls(fields), { path: 'sourceArn', kind: 'string', raw: sourceArnOf(source.value) }]);
        if (problems.length) return showFieldError(form, problems[0].path, problems[0].message);
        const check = validateRequest(vodShapes.CreateAsset, body, (checked) => readSourceArn(checked.sourceArn));
        if (!check.ok) return showFieldError(form, check.path, check.message);
        submit.disabled = true;
        submit.textContent = 'Creating…';
        try {
          const asset = await ctx.vod.createAsset(body);
          ctx.navigate(`/console/assets/${encodeURIComponent(asset.id)}`);
        } catch (err) {
          submit.disabled = false;
          submit.textContent = 'Create asset';
          message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, describeError(err)));
        }
      },
    },
    fields,
    message,
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: '/console/assets' }, 'Cancel'), submit),
  );
  return h('div', {}, h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '/console/assets' }, 'Assets'), ' / ', 'New asset'), pageHeader('New asset'), form);
};
