import { h } from './h.ts';
import { formatBytes, formatDate } from './format.ts';
import { emptyState, errorBox } from './parts.ts';
import type { BucketObject, KinoraApi, ObjectListing } from '../aws/KinoraApi.ts';

export interface BucketBrowserOptions {
  api: KinoraApi;
  /** Prefix of the element ids, unique on the page. */
  id: string;
  /** Called with `s3://bucket/key` when the user chooses an object. */
  pick: (uri: string, object: BucketObject) => void;
  /** Which objects can be chosen (others are listed, greyed). Default: all. */
  accept?: (key: string) => boolean;
  /** What `accept` lets through, in words (`HLS playlists (.m3u8)`), for the hint. */
  acceptText?: string;
  /** Where to open: a bucket and folder (`ladder/`). */
  start?: { bucket?: string; prefix?: string };
}

/** Entries fetched per page; "Show more" fetches the next. */
const PAGE = 200;

/**
 * A file picker over the buckets (Kinora API `GET /buckets` and
 * `GET /buckets/{bucket}/objects?delimiter=/`): a bucket select, the folder
 * path as breadcrumb buttons, then the folder's subfolders (buttons that
 * open them) and objects with size, date and a Choose button. Keyboard
 * only works throughout; the listing is announced when it changes.
 */
export function bucketBrowser(options: BucketBrowserOptions): HTMLElement {
  const { api, id } = options;
  const accept = options.accept ?? (() => true);
  const bucketSelect = h('select', { id: `${id}-bucket` });
  const crumbs = h('nav', { class: 'crumbs browser-path', 'aria-label': 'Folder' });
  const listing = h('div', { class: 'browser-list' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  // Files that cannot be chosen (an HLS folder is mostly segments) are hidden unless asked for.
  const onlyAccepted = h('input', { type: 'checkbox', id: `${id}-only`, checked: true });
  const hiddenNote = h('p', { class: 'hint' });
  const root = h(
    'section',
    { class: 'browser card', 'aria-label': 'Bucket browser', 'data-browser': id },
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: `${id}-bucket` }, 'Bucket'),
      bucketSelect,
      crumbs,
      options.accept ? h('span', { class: 'browser-filter' }, onlyAccepted, h('label', { for: `${id}-only` }, `Only ${options.acceptText ?? 'files that can be chosen'}`)) : null,
    ),
    listing,
    hiddenNote,
    status,
  );
  const applyFilter = () => {
    const rejected = [...listing.querySelectorAll<HTMLElement>('tr.rejected')];
    for (const row of rejected) row.hidden = onlyAccepted.checked;
    hiddenNote.textContent = onlyAccepted.checked && rejected.length ? `${rejected.length} other file${rejected.length === 1 ? '' : 's'} not shown.` : '';
  };
  onlyAccepted.addEventListener('change', applyFilter);
  let bucket = '';
  let prefix = '';
  let generation = 0;

  const open = async (nextBucket: string, nextPrefix: string) => {
    bucket = nextBucket;
    prefix = nextPrefix;
    const mine = ++generation;
    renderCrumbs();
    listing.replaceChildren(h('p', { class: 'loading' }, 'Listing…'));
    try {
      const page = await api.listObjects(bucket, { prefix, maxKeys: PAGE });
      if (mine !== generation) return;
      listing.replaceChildren();
      showPage(page, true);
    } catch (e) {
      if (mine === generation) listing.replaceChildren(errorBox(e, () => void open(bucket, prefix)));
    }
  };

  const renderCrumbs = () => {
    const parts = prefix.split('/').filter(Boolean);
    const go = (label: string, target: string, current: boolean) =>
      current ? h('span', { 'aria-current': 'location' }, label) : h('button', { type: 'button', class: 'link', onclick: () => void open(bucket, target) }, label);
    crumbs.replaceChildren(go(bucket, '', parts.length === 0), ...parts.flatMap((p, i) => [' / ', go(p, `${parts.slice(0, i + 1).join('/')}/`, i === parts.length - 1)]));
  };

  const showPage = (page: ObjectListing, first: boolean) => {
    const objects = page.objects.filter((o) => !o.key.endsWith('/'));
    if (first) hiddenNote.textContent = '';
    if (first && page.folders.length === 0 && objects.length === 0) {
      listing.replaceChildren(emptyState(prefix ? 'This folder is empty' : `Bucket ${bucket} is empty`, 'Upload files into it, or copy them into its folder on the server.'));
      status.textContent = 'The folder is empty.';
      return;
    }
    let body = listing.querySelector('tbody');
    if (!body) {
      body = h('tbody', {});
      listing.append(h('table', { class: 'browser-table' }, h('caption', { class: 'visually-hidden' }, `Contents of s3://${bucket}/${prefix}`), h('thead', {}, h('tr', {}, ...['Name', 'Size', 'Modified', ''].map((x) => h('th', { scope: 'col' }, x)))), body));
    }
    for (const f of page.folders) {
      const name = f.prefix.slice(prefix.length);
      body.append(h('tr', { class: 'folder' }, h('td', {}, h('button', { type: 'button', class: 'link folder-link', 'data-folder': f.prefix, onclick: () => void open(bucket, f.prefix) }, h('span', { 'aria-hidden': 'true' }, '📁 '), name)), h('td', {}, '—'), h('td', {}, '—'), h('td', {})));
    }
    for (const o of objects) {
      const name = o.key.slice(prefix.length);
      const uri = `s3://${bucket}/${o.key}`;
      const choose = accept(o.key)
        ? h('button', { type: 'button', class: 'secondary small', 'aria-label': `Choose ${name}`, 'data-key': o.key, onclick: () => options.pick(uri, o) }, 'Choose')
        : h('span', { class: 'muted small-text' }, 'not selectable');
      body.append(h('tr', { class: accept(o.key) ? 'object' : 'object muted rejected' }, h('td', {}, h('code', {}, name)), h('td', {}, formatBytes(o.size)), h('td', {}, formatDate(o.lastModified)), h('td', {}, choose)));
    }
    listing.querySelector('.more')?.remove();
    if (page.isTruncated && page.nextStartAfter) {
      const after = page.nextStartAfter;
      const more: HTMLButtonElement = h('button', {
        type: 'button',
        class: 'secondary small more',
        onclick: async () => {
          more.disabled = true;
          const mine = generation;
          try {
            const next = await api.listObjects(bucket, { prefix, startAfter: after, maxKeys: PAGE });
            if (mine === generation) showPage(next, false);
          } catch (e) {
            more.disabled = false;
            listing.append(errorBox(e));
          }
        },
      }, 'Show more');
      listing.append(more);
    }
    applyFilter();
    status.textContent = `${body.querySelectorAll('tr.folder').length} folders and ${body.querySelectorAll('tr.object').length} files in s3://${bucket}/${prefix}.`;
  };

  bucketSelect.addEventListener('change', () => void open(bucketSelect.value, ''));

  void (async () => {
    listing.replaceChildren(h('p', { class: 'loading' }, 'Listing buckets…'));
    try {
      const { buckets } = await api.listBuckets();
      if (buckets.length === 0) {
        bucketSelect.disabled = true;
        listing.replaceChildren(emptyState('No buckets yet', 'With the default folder storage, a bucket is a folder in <data dir>/buckets; an upload creates it.'));
        return;
      }
      const wanted = buckets.some((b) => b.name === options.start?.bucket) ? options.start!.bucket! : buckets[0].name;
      bucketSelect.replaceChildren(...buckets.map((b) => h('option', { value: b.name, ...(b.name === wanted ? { selected: true } : {}) }, b.name)));
      await open(wanted, wanted === options.start?.bucket ? (options.start?.prefix ?? '') : '');
    } catch (e) {
      bucketSelect.disabled = true;
      listing.replaceChildren(errorBox(e));
    }
  })();
  return root;
}
