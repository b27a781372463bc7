import { h } from '../ui/h.ts';
import { emptyState } from '../ui/parts.ts';
import type { Page } from '../PageContext.ts';

export const notFoundPage: Page = (ctx) => {
  ctx.title('Not found');
  return emptyState('This page does not exist', `Nothing in the console lives at ${location.pathname}.`, h('a', { class: 'button primary', href: '/console/groups' }, 'Go to packaging groups'));
};
