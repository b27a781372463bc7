import { h } from '../ui/h.ts';
import { formatDate } from '../ui/format.ts';
import { confirmAction, emptyState, errorBox, notice, pageHeader, table } from '../ui/parts.ts';
import { vodShapes } from '../../../src/control/validation/vodShapes.ts';
import { renderShapeFields, readFormControls, showFieldError, clearFieldErrors } from '../form/renderShapeFields.ts';
import { readFormEntries } from '../form/readFormEntries.ts';
import { validateRequest } from '../form/validateRequest.ts';
import { describeError } from '../aws/ApiError.ts';
import type { Page, PageContext } from '../PageContext.ts';
import type { PackagingGroup } from '../aws/MediaPackageVodApi.ts';

/** Packaging groups: the list, and a form to create one. */
export const groupsPage: Page = async (ctx) => {
  ctx.title('Packaging groups');
  const groups = await ctx.vod.listPackagingGroups();
  const list = h('section', { 'aria-labelledby': 'groups-list' }, h('h2', { id: 'groups-list', class: 'visually-hidden' }, 'Packaging groups'), renderList(ctx, groups));
  const formCard = createGroupForm(ctx);
  formCard.hidden = groups.length > 0;
  const newButton = h('button', { type: 'button', class: 'primary', onclick: () => { formCard.hidden = false; formCard.querySelector<HTMLInputElement>('input')?.focus(); } }, 'New packaging group');
  return h('div', {}, pageHeader('Packaging groups', 'A group holds packaging configurations (the outputs) and assets (the sources); every asset is served in every configuration of its group.', newButton), formCard, list);
};

function renderList(ctx: PageContext, groups: PackagingGroup[]): HTMLElement {
  if (groups.length === 0) return emptyState('No packaging groups yet', 'Create a packaging group, add a configuration for each output format (CMAF, DASH, HLS, Smooth), then add assets to it.');
  return table(
    'Packaging groups',
    ['ID', 'Assets', 'CDN authorization', 'Created', ''],
    groups.map((g) => [
      h('a', { href: `/console/groups/${encodeURIComponent(g.id)}` }, g.id),
      String(g.approximateAssetCount ?? 0),
      g.authorization ? 'On' : 'Off',
      formatDate(g.createdAt),
      h('button', {
        type: 'button',
        class: 'link danger',
        'aria-label': `Delete packaging group ${g.id}`,
        onclick: async (e: Event) => {
          const button = e.currentTarget as HTMLButtonElement;
          if (!(await confirmAction(`Delete packaging group ${g.id}?`, 'Its configurations and assets must be deleted first. This cannot be undone.', 'Delete group'))) return;
          try {
            await ctx.vod.deletePackagingGroup(g.id);
            ctx.navigate('/console/groups', { replace: true });
          } catch (err) {
            button.closest('tr')!.after(h('tr', {}, h('td', { colspan: '5' }, errorBox(err))));
          }
        },
      }, 'Delete'),
    ]),
  );
}

function createGroupForm(ctx: PageContext): HTMLElement {
  const fields = h('div', { class: 'fields' }, ...renderShapeFields(vodShapes.CreatePackagingGroup as any, ''));
  const message = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create packaging group');
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      'aria-labelledby': 'new-group-title',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFieldErrors(form);
        message.replaceChildren();
        const { body, problems } = readFormEntries(readFormControls(fields));
        if (problems.length) return showFieldError(form, problems[0].path, problems[0].message);
        const check = validateRequest(vodShapes.CreatePackagingGroup, body);
        if (!check.ok) return showFieldError(form, check.path, check.message);
        submit.disabled = true;
        try {
          const group = await ctx.vod.createPackagingGroup(body);
          ctx.navigate(`/console/groups/${encodeURIComponent(group.id)}`);
        } catch (err) {
          submit.disabled = false;
          message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, describeError(err)));
        }
      },
    },
    h('h2', { id: 'new-group-title' }, 'New packaging group'),
    notice('IDs may contain letters, digits, _ and -. Only CDN authorization can be changed later.'),
    fields,
    message,
    h('div', { class: 'actions' }, submit),
  );
  return form;
}
