import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceBufferPool } from '../../../src/origin/SourceBufferPool.ts';

test('a released buffer is handed out again for a request it can hold, the smallest that fits first', () => {
  const pool = new SourceBufferPool();
  const a = pool.acquire(100_000);
  const b = pool.acquire(300_000);
  assert.equal(a.byteLength, 100_000);
  assert.notEqual(a.buffer, b.buffer);
  pool.release(b);
  pool.release(a);
  assert.equal(pool.pooledBytes, a.buffer.byteLength + b.buffer.byteLength);
  const c = pool.acquire(90_000);
  assert.equal(c.buffer, a.buffer, 'the smaller buffer that fits');
  assert.equal(c.byteLength, 90_000);
  const d = pool.acquire(250_000);
  assert.equal(d.buffer, b.buffer);
  const e = pool.acquire(250_000);
  assert.notEqual(e.buffer, b.buffer, 'in use, so not handed out twice');
  assert.equal(pool.pooledBytes, 0);
});

test('the pool keeps at most maxFreeBytes; the rest is left to the garbage collector', () => {
  const pool = new SourceBufferPool({ maxFreeBytes: 200_000 });
  const a = pool.acquire(120_000);
  const b = pool.acquire(120_000);
  pool.release(a);
  pool.release(b);
  assert.equal(pool.pooledBytes, a.buffer.byteLength);
  assert.ok(pool.pooledBytes <= 200_000);
  assert.equal(pool.acquire(1000).buffer, a.buffer);
  assert.notEqual(pool.acquire(1000).buffer, b.buffer);
});
