/**
 * `deferredStore`: calls made before the store is open wait for it and reach
 * the opened store in order; a failed opening fails each call with its error
 * and leaves nothing to close; the proxy is never mistaken for a promise.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deferredStore } from '../../../src/config/deferredStore.ts';

interface Counter {
  add(n: number): Promise<number>;
  close(): Promise<void>;
}

class MemoryCounter implements Counter {
  total = 0;
  closed = 0;
  async add(n: number) {
    this.total += n;
    return this.total;
  }
  async close() {
    this.closed++;
  }
}

test('calls made while opening wait, then reach the opened store in order; close closes it', async () => {
  const inner = new MemoryCounter();
  let open!: (c: Counter) => void;
  const counter = deferredStore<Counter>(new Promise((resolve) => (open = resolve)));
  const first = counter.add(2);
  const second = counter.add(3);
  assert.equal(inner.total, 0, 'nothing reached the store yet');
  open(inner);
  assert.deepEqual(await Promise.all([first, second]), [2, 5]);
  assert.equal(await counter.add(1), 6);
  await counter.close();
  assert.equal(inner.closed, 1);
});

test('a failed opening fails every call with its error; close has nothing to close', async () => {
  const counter = deferredStore<Counter>(Promise.reject(new Error('database unreachable')));
  await assert.rejects(counter.add(1), /database unreachable/);
  await assert.rejects(counter.add(2), /database unreachable/);
  await counter.close();
});

test('the proxy is not a thenable: awaiting it or returning it from an async function gives the proxy', async () => {
  const counter = deferredStore<Counter>(Promise.resolve(new MemoryCounter()));
  assert.equal((counter as any).then, undefined);
  const returned = await (async () => counter)();
  assert.equal(returned, counter);
  assert.equal(await returned.add(4), 4);
});
