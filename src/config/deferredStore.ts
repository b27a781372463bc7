/** Stores whose every method answers a promise: the only kind a call can be deferred on. */
type AsyncStore<T> = { [K in keyof T]: T[K] extends (...args: any[]) => Promise<unknown> ? T[K] : never } & { close(): Promise<void> };

/**
 * A store to use at once while its opening is still under way (a PostgreSQL
 * adapter migrating its schema): each call waits for the opening, then goes
 * to the opened store. This is what lets `openStores` and `openKinora` stay
 * synchronous for their callers while PostgreSQL adapters open
 * asynchronously. A failed opening fails every call with its error (await
 * `opening` itself to fail fast), and `close()` then has nothing to close.
 *
 * The proxy has no `then`, so awaiting it or returning it from an async
 * function yields the proxy itself rather than trying to resolve it.
 */
export function deferredStore<T extends AsyncStore<T>>(opening: Promise<T>): T {
  // Reported to whoever calls a method or awaits `opening`, never as an unhandled rejection.
  opening.catch(() => {});
  return new Proxy({} as T, {
    get(_, name) {
      if (name === 'close') return () => opening.then((store) => store.close(), () => undefined);
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (...args: unknown[]) => opening.then((store) => (store as any)[name](...args));
    },
  });
}
