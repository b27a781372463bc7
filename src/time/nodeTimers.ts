import type { Timers } from './Timers.ts';

/**
 * Node's global timers as `Timers`. `unref`: the timers never keep the
 * process alive on their own (background polls and renewals of a server,
 * which its sockets keep alive anyway).
 */
export function nodeTimers(options: { unref?: boolean } = {}): Timers {
  return {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      if (options.unref) handle.unref();
      return handle;
    },
    clearTimeout(handle) {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}
