import { h } from '../ui/h.ts';
import { notice, pageHeader } from '../ui/parts.ts';
import { cmafPackageShape, dashPackageShape, hlsPackageShape, mssPackageShape } from '../../../src/control/validation/vodShapes.ts';
import type { Shape } from '../../../src/control/validation/Shape.ts';
import { renderShapeFields, readFormControls, showFieldError, clearFieldErrors } from '../form/renderShapeFields.ts';
import { readFormEntries } from '../form/readFormEntries.ts';
import { validateConfiguration } from '../form/validateConfiguration.ts';
import { ApiError, describeError } from '../aws/ApiError.ts';
import { PACKAGE_LABELS, PACKAGE_TYPES, type PackageType } from '../aws/MediaPackageVodApi.ts';
import type { Page } from '../PageContext.ts';

const SHAPES: Record<PackageType, Shape> = { cmafPackage: cmafPackageShape, dashPackage: dashPackageShape, hlsPackage: hlsPackageShape, mssPackage: mssPackageShape };
const PACKAGE_HELP: Record<PackageType, string> = {
  cmafPackage: 'HLS with fMP4 (CMAF) segments: Safari, iOS, hls.js, shaka.',
  dashPackage: 'MPEG-DASH with fMP4 segments: dash.js, shaka, Android.',
  hlsPackage: 'HLS with MPEG-TS segments: the widest HLS compatibility.',
  mssPackage: 'Microsoft Smooth Streaming: dash.js with its MSS plugin, older set-top boxes.',
};

/**
 * The CreatePackagingConfiguration form: every field of the chosen package
 * type (generated from the service model's shapes), checked with the API's
 * own validation before it is sent, with the request JSON shown live.
 */
export const newConfigurationPage: Page = async (ctx) => {
  const groupId = ctx.params.id;
  ctx.title(`New configuration · ${groupId}`);
  const groups = await ctx.vod.listPackagingGroups();
  const q = encodeURIComponent(groupId);

  const idInput = h('input', { id: 'cfg-id', type: 'text', 'data-path': 'id', 'data-kind': 'string', autocomplete: 'off', spellcheck: 'false', autofocus: true, 'aria-required': 'true', 'aria-describedby': 'cfg-id-hint' });
  const groupSelect = h('select', { id: 'cfg-group', 'data-path': 'packagingGroupId', 'data-kind': 'string' }, ...groups.map((g) => h('option', { value: g.id, ...(g.id === groupId ? { selected: true } : {}) }, g.id)));
  if (!groups.some((g) => g.id === groupId)) groupSelect.prepend(h('option', { value: groupId, selected: true }, groupId));
  const tags = h('textarea', { id: 'cfg-tags', 'data-path': 'tags', 'data-kind': 'map', rows: 2, placeholder: 'key=value', spellcheck: 'false' });

  const packageBox = h('div', { class: 'package-fields' });
  let type: PackageType = 'cmafPackage';
  const showPackage = () => {
    packageBox.replaceChildren(
      h('fieldset', { class: 'group package', 'data-path': type, 'data-kind': 'structure' }, h('legend', {}, `${PACKAGE_LABELS[type]} settings`), h('p', { class: 'hint' }, PACKAGE_HELP[type]), ...renderShapeFields(SHAPES[type] as any, type)),
    );
    updatePreview();
  };
  const typeChoice = h(
    'fieldset',
    { class: 'group types' },
    h('legend', {}, 'Package type'),
    ...PACKAGE_TYPES.map((p) =>
      h(
        'span',
        { class: 'choice' },
        h('input', { type: 'radio', name: 'package-type', id: `type-${p}`, value: p, ...(p === type ? { checked: true } : {}), onchange: () => { type = p; clearFieldErrors(form); showPackage(); } }),
        h('label', { for: `type-${p}` }, PACKAGE_LABELS[p]),
      ),
    ),
  );

  const preview = h('code', {});
  const fields = h(
    'div',
    { class: 'fields' },
    h('div', { class: 'field' }, h('label', { for: 'cfg-id' }, 'ID (required)'), idInput, h('small', { class: 'hint', id: 'cfg-id-hint' }, h('code', {}, 'id'), ' · letters, digits, _ and -; unique across all groups')),
    h('div', { class: 'field' }, h('label', { for: 'cfg-group' }, 'Packaging group'), groupSelect),
    typeChoice,
    packageBox,
    h('div', { class: 'field' }, h('label', { for: 'cfg-tags' }, 'Tags (one key=value per line)'), tags),
  );
  const read = () => readFormEntries(readFormControls(fields));
  function updatePreview() {
    preview.textContent = JSON.stringify(read().body, null, 2);
  }
  const message = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create configuration');
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card config-form',
      novalidate: true,
      'aria-label': 'New packaging configuration',
      oninput: () => updatePreview(),
      onchange: () => updatePreview(),
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(form);
        message.replaceChildren();
        const { body, problems } = read();
        if (problems.length) return showFieldError(form, problems[0].path, problems[0].message);
        const check = validateConfiguration(body);
        if (!check.ok) return showFieldError(form, check.path, check.message);
        submit.disabled = true;
        submit.textContent = 'Creating…';
        try {
          const created = await ctx.vod.createPackagingConfiguration(body);
          ctx.navigate(`/console/groups/${encodeURIComponent(created.packagingGroupId)}`);
        } catch (err) {
          submit.disabled = false;
          submit.textContent = 'Create configuration';
          // The API names the field first ("cmafPackage.segmentDurationSeconds must ..."): point at it when it can.
          const path = err instanceof ApiError ? /^([A-Za-z][\w.[\]]*) /.exec(err.message)?.[1] : undefined;
          if (path && form.querySelector(`[data-path="${CSS.escape(path)}"]`)) showFieldError(form, path, err instanceof ApiError ? err.message : describeError(err));
          else message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, describeError(err)));
        }
      },
    },
    fields,
    message,
    h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: `/console/groups/${q}` }, 'Cancel'), submit),
  );
  showPackage();
  return h(
    'div',
    {},
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '/console/groups' }, 'Packaging groups'), ' / ', h('a', { href: `/console/groups/${q}` }, groupId), ' / ', 'New configuration'),
    pageHeader('New packaging configuration', 'Each field is checked by the same rules as the API before the request is sent. Empty fields take the API default.'),
    h('div', { class: 'split' }, form, h('aside', { class: 'card preview', 'aria-label': 'Request preview' }, h('h2', {}, 'Request JSON'), notice('CreatePackagingConfiguration · POST /packaging_configurations'), h('pre', { tabindex: '0' }, preview))),
  );
};
