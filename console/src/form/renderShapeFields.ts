import type { Shape } from '../../../src/control/validation/Shape.ts';
import { unsupportedFields } from '../../../src/control/unsupportedFields.ts';
import { h } from '../ui/h.ts';
import { humanize } from '../ui/format.ts';
import { fieldLabels } from './fieldLabels.ts';
import type { FormEntry } from './FormEntry.ts';

let nextId = 0;
const newId = () => `f${++nextId}`;

type StructureShape = Extract<Shape, { kind: 'structure' }>;

/**
 * Form controls for every member of a request shape of the service model
 * (src/control/validation/vodShapes.ts), so the form covers each field the
 * API accepts and nothing else: text boxes for strings, selects for enums,
 * number boxes for integers, checkboxes for booleans and enum lists, a text
 * area for string lists and maps, a repeatable group for lists of
 * structures (manifests), and an "add" switch for optional structures
 * (encryption, stream selection). Each control carries its wire path in
 * `data-path`, which `readFormControls` reads back and `showFieldError`
 * uses to point at the field the API names.
 */
export function renderShapeFields(shape: StructureShape, basePath: string, options: { skip?: readonly string[] } = {}): HTMLElement[] {
  const required = new Set(shape.required ?? []);
  return Object.entries(shape.members)
    .filter(([name]) => !options.skip?.includes(name))
    .sort(([a, sa], [b, sb]) => rank(a, sa, required.has(a)) - rank(b, sb, required.has(b)))
    .map(([name, member]) => renderMember(name, member, join(basePath, name), required.has(name)));
}

/** Field order: names and durations first, then simple fields, then manifests, then optional groups (encryption, stream selection). */
function rank(name: string, shape: Shape, required: boolean): number {
  const first = ['id', 'manifestName', 'segmentDurationSeconds', 'segmentTemplateFormat', 'url', 'roleArn', 'systemIds'].indexOf(name);
  if (first >= 0) return first;
  if (shape.kind === 'list' && shape.member.kind === 'structure') return 20;
  if (shape.kind === 'structure') return required ? 21 : 30;
  if (shape.kind === 'map') return 40;
  return 10;
}

/** `Encryption` -> `encryption`, but `CDN authorization` stays. */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function join(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

function labelOf(name: string): string {
  return fieldLabels[name] ?? humanize(name);
}

/** `cmafPackage.hlsManifests[0].adMarkers` -> the `unsupportedFields` row that names it, if any. */
function unsupportedNote(path: string): string | undefined {
  const generic = path.replace(/\[\d+\]/g, '[]');
  const row = unsupportedFields.find((f) => f.path === generic);
  if (!row) return undefined;
  const allowed = row.when === 'true' ? ' (leave it off)' : row.when === 'nonEmpty' ? ' (leave it empty)' : row.when === 'positive' ? ' (leave it at 0)' : typeof row.when === 'object' && 'not' in row.when ? ` (only ${row.when.not})` : '';
  return `Kinora does not support ${row.feature} yet${allowed}.`;
}

function hints(name: string, path: string, shape: Shape): HTMLElement {
  const parts: (Node | string)[] = [h('code', {}, name)];
  if (shape.kind === 'integer' && (shape.min !== undefined || shape.max !== undefined)) parts.push(` · ${shape.min ?? '…'} to ${shape.max ?? '…'}`);
  if (shape.kind === 'string' && shape.rule) parts.push(` · ${shape.rule}`);
  const note = unsupportedNote(path);
  if (note) parts.push(h('span', { class: 'unsupported' }, ` · ${note}`));
  return h('small', { class: 'hint' }, ...parts);
}

function renderMember(name: string, shape: Shape, path: string, required: boolean): HTMLElement {
  const label = `${labelOf(name)}${required ? ' (required)' : ''}`;
  const id = newId();
  const hintId = `${id}-hint`;
  const common = { id, 'data-path': path, 'aria-describedby': hintId };
  switch (shape.kind) {
    case 'string': {
      const control = shape.enum
        ? h('select', { ...common, 'data-kind': 'string' }, h('option', { value: '' }, required ? 'Choose…' : 'Default'), ...shape.enum.map((v) => h('option', { value: v }, v)))
        : h('input', { ...common, 'data-kind': 'string', type: 'text', autocomplete: 'off', spellcheck: 'false', ...(required ? { 'aria-required': 'true' } : {}) });
      return field(id, label, control, hints(name, path, shape), hintId);
    }
    case 'integer': {
      const control = h('input', { ...common, 'data-kind': 'integer', type: 'text', inputmode: 'numeric', autocomplete: 'off' });
      return field(id, label, control, hints(name, path, shape), hintId);
    }
    case 'boolean': {
      const control = h('input', { ...common, 'data-kind': 'boolean', type: 'checkbox' });
      return h('div', { class: 'field checkbox' }, control, h('label', { for: id }, labelOf(name)), hints(name, path, shape));
    }
    case 'map': {
      const control = h('textarea', { ...common, 'data-kind': 'map', rows: 2, spellcheck: 'false', placeholder: 'key=value' });
      return field(id, label, control, hints(name, path, shape), hintId);
    }
    case 'list': {
      const member = shape.member;
      if (member.kind === 'string' && member.enum) {
        const legendId = `${id}-legend`;
        return h(
          'fieldset',
          { class: 'field choices', 'data-path': path, 'data-kind': 'enumList', 'aria-describedby': hintId },
          h('legend', { id: legendId }, label),
          ...member.enum.map((v) => {
            const boxId = newId();
            return h('span', { class: 'choice' }, h('input', { type: 'checkbox', id: boxId, value: v }), h('label', { for: boxId }, v));
          }),
          Object.assign(hints(name, path, shape), { id: hintId }),
        );
      }
      if (member.kind === 'structure') return renderStructureList(name, member, path, shape.minItems ?? 0, shape.maxItems ?? 100);
      const control = h('textarea', { ...common, 'data-kind': 'stringList', rows: 2, spellcheck: 'false' });
      return field(id, label, control, hints(name, path, shape), hintId);
    }
    case 'structure':
      return required ? renderStructure(name, shape, path) : renderOptionalStructure(name, shape, path);
  }
}

function field(id: string, label: string, control: HTMLElement, hint: HTMLElement, hintId: string): HTMLElement {
  hint.id = hintId;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint);
}

function renderStructure(name: string, shape: StructureShape, path: string): HTMLElement {
  return h('fieldset', { class: 'group', 'data-path': path, 'data-kind': 'structure' }, h('legend', {}, labelOf(name)), ...renderShapeFields(shape, path));
}

/** An optional structure: a switch adds it (with its fields) or leaves it out of the request. */
function renderOptionalStructure(name: string, shape: StructureShape, path: string): HTMLElement {
  const id = newId();
  const body = h('div', { class: 'optional-body' });
  const note = unsupportedNote(path);
  const toggle = h('input', {
    type: 'checkbox',
    id,
    'data-toggle': path,
    onchange: () => {
      body.replaceChildren();
      box.dataset.kind = toggle.checked ? 'structure' : 'off';
      if (toggle.checked) body.append(...renderShapeFields(shape, path));
    },
  });
  const box = h(
    'fieldset',
    { class: 'group optional', 'data-path': path, 'data-kind': 'off' },
    h('legend', {}, h('span', { class: 'choice' }, toggle, h('label', { for: id }, `Add ${lowerFirst(labelOf(name))}`))),
    h('small', { class: 'hint' }, h('code', {}, name), note ? h('span', { class: 'unsupported' }, ` · ${note}`) : null),
    body,
  );
  return box;
}

/** A list of structures (manifests): items can be added and removed; paths are renumbered so errors point at the right one. */
function renderStructureList(name: string, member: StructureShape, path: string, minItems: number, maxItems: number): HTMLElement {
  const items = h('div', { class: 'list-items' });
  const singular = labelOf(name).replace(/s$/, '');
  const add = h('button', { type: 'button', class: 'secondary small', onclick: () => addItem() }, `Add ${singular.replace(/ M/, ' m')}`);
  const renumber = () => {
    [...items.children].forEach((item, i) => {
      const el = item as HTMLElement;
      const old = el.dataset.path!;
      const now = `${path}[${i}]`;
      if (old !== now) {
        for (const node of [el, ...el.querySelectorAll<HTMLElement>('[data-path],[data-toggle]')]) {
          for (const attr of ['data-path', 'data-toggle']) {
            const v = node.getAttribute(attr);
            if (v && v.startsWith(old)) node.setAttribute(attr, now + v.slice(old.length));
          }
        }
      }
      el.querySelector('legend > .item-title')!.textContent = `${singular} ${i + 1}`;
      (el.querySelector('button.remove') as HTMLButtonElement).disabled = items.children.length <= minItems;
      (el.querySelector('button.remove') as HTMLButtonElement).setAttribute('aria-label', `Remove ${singular} ${i + 1}`);
    });
    add.disabled = items.children.length >= maxItems;
  };
  const addItem = () => {
    const itemPath = `${path}[${items.children.length}]`;
    const item: HTMLElement = h(
      'fieldset',
      { class: 'group item', 'data-path': itemPath, 'data-kind': 'structure' },
      h('legend', {}, h('span', { class: 'item-title' }, singular), ' ', h('button', { type: 'button', class: 'link remove', onclick: () => { item.remove(); renumber(); } }, 'Remove')),
      ...renderShapeFields(member, itemPath),
    );
    items.append(item);
    renumber();
  };
  for (let i = 0; i < Math.max(1, minItems); i++) addItem();
  return h('fieldset', { class: 'group list', 'data-list': path }, h('legend', {}, labelOf(name)), items, add);
}

/** Reads every control under `root` back as form entries (see `readFormEntries`). */
export function readFormControls(root: HTMLElement): FormEntry[] {
  const entries: FormEntry[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('[data-kind]')) {
    const path = el.dataset.path!;
    const kind = el.dataset.kind!;
    if (kind === 'off') continue;
    if (el.closest('[data-kind="off"]') !== null && el.closest('[data-kind="off"]') !== el) continue;
    if (kind === 'structure') entries.push({ path, kind });
    else if (kind === 'boolean') entries.push({ path, kind, raw: (el as HTMLInputElement).checked });
    else if (kind === 'enumList') entries.push({ path, kind, raw: [...el.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value) });
    else entries.push({ path, kind: kind as 'string' | 'integer' | 'stringList' | 'map', raw: (el as HTMLInputElement).value });
  }
  return entries;
}

/**
 * Marks the field the API names (or its nearest enclosing group) as invalid,
 * shows the message beside it and moves focus there. Clears earlier marks.
 */
export function showFieldError(root: HTMLElement, path: string, message: string): void {
  clearFieldErrors(root);
  let target: HTMLElement | null = null;
  for (let p = path; p && !target; ) {
    target = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`) ?? root.querySelector<HTMLElement>(`[data-list="${CSS.escape(p)}"]`);
    const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    p = parent === p ? '' : parent;
  }
  const error = h('p', { class: 'field-error', role: 'alert', id: `err-${Math.random().toString(36).slice(2)}` }, message);
  if (!target) {
    root.prepend(error);
    return;
  }
  target.setAttribute('aria-invalid', 'true');
  const holder = target.closest('.field') ?? target;
  if (holder === target && target.tagName === 'FIELDSET') target.append(error);
  else holder.append(error);
  const described = target.getAttribute('aria-describedby');
  target.setAttribute('aria-describedby', `${described ? `${described} ` : ''}${error.id}`);
  const focusable = target.matches('input,select,textarea') ? target : target.querySelector<HTMLElement>('input,select,textarea,button');
  focusable?.focus();
}

export function clearFieldErrors(root: HTMLElement): void {
  for (const e of root.querySelectorAll('.field-error')) e.remove();
  for (const el of root.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const d = el.getAttribute('aria-describedby');
    if (d) el.setAttribute('aria-describedby', d.split(' ').filter((x) => !x.startsWith('err-')).join(' '));
  }
}
