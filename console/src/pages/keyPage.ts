import { h } from '../ui/h.ts';
import { MediaPackageVodApi } from '../aws/MediaPackageVodApi.ts';
import type { ConsoleKey } from '../aws/credentialStore.ts';
import { describeError } from '../aws/ApiError.ts';
import type { Page } from '../PageContext.ts';

/**
 * Asks for the access key once per browser tab. The key is checked with a
 * signed ListPackagingGroups before it is kept (sessionStorage only).
 */
export function keyPage(onEntered: (key: ConsoleKey) => void): Page {
  return (ctx) => {
    ctx.title('Sign in');
    const id = h('input', { id: 'key-id', name: 'accessKeyId', type: 'text', autocomplete: 'username', spellcheck: 'false', required: true, autofocus: true });
    const secret = h('input', { id: 'key-secret', name: 'secretAccessKey', type: 'password', autocomplete: 'current-password', required: true });
    const region = h('input', { id: 'key-region', name: 'region', type: 'text', value: 'us-east-1', spellcheck: 'false', 'aria-describedby': 'key-region-hint' });
    const message = h('div', { class: 'form-message', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Continue');
    const form = h(
      'form',
      {
        class: 'card narrow',
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          message.replaceChildren();
          const candidate: ConsoleKey = { accessKeyId: id.value.trim(), secretAccessKey: secret.value.trim(), region: region.value.trim() || 'us-east-1' };
          if (!candidate.accessKeyId || !candidate.secretAccessKey) {
            message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, 'Enter both the access key ID and the secret access key.'));
            (candidate.accessKeyId ? secret : id).focus();
            return;
          }
          submit.disabled = true;
          submit.textContent = 'Checking…';
          try {
            await new MediaPackageVodApi(location.origin, () => candidate).listPackagingGroups();
            onEntered(candidate);
          } catch (err) {
            message.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, describeError(err)));
            submit.disabled = false;
            submit.textContent = 'Continue';
          }
        },
      },
      h('h1', {}, 'Enter your access key'),
      h(
        'p',
        {},
        'The console signs its requests to the Kinora API with this key. Kinora created it on first start: it is in ',
        h('code', {}, '<data dir>/credentials'),
        ' (or ',
        h('code', {}, 'KINORA_ACCESS_KEY_ID'),
        ' / ',
        h('code', {}, 'KINORA_SECRET_ACCESS_KEY'),
        '). It stays in this browser tab only and is forgotten when the tab closes.',
      ),
      h('div', { class: 'field' }, h('label', { for: 'key-id' }, 'Access key ID'), id),
      h('div', { class: 'field' }, h('label', { for: 'key-secret' }, 'Secret access key'), secret),
      h('div', { class: 'field' }, h('label', { for: 'key-region' }, 'Region'), region, h('small', { class: 'hint', id: 'key-region-hint' }, 'Used only in the signature scope; Kinora accepts any region.')),
      message,
      h('div', { class: 'actions' }, submit),
    );
    return h('div', { class: 'centered' }, form);
  };
}
