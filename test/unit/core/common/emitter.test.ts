import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter, toDisposable } from '../../../../src/core/common/emitter';

describe('Emitter', () => {
  it('delivers to listeners in subscription order until they are disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = emitter.event((n) => seen.push(`a${n}`));
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    a.dispose();
    a.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
    assert.equal(emitter.listenerCount, 1);
    emitter.dispose();
    emitter.fire(3);
    emitter.event(() => seen.push('late'));
    emitter.fire(4);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
  });

  it('isolates a throwing listener and hands its error over', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    emitter.event(() => {
      throw new Error('boom');
    });
    emitter.event((v) => seen.push(v));
    emitter.fire('x');
    assert.deepEqual(seen, ['x']);
    assert.equal((errors[0] as Error).message, 'boom');
  });

  it('lets a listener subscribe during firing without receiving that event', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event(() => {
      emitter.event((n) => seen.push(n));
    });
    emitter.fire(1);
    assert.deepEqual(seen, []);
    emitter.fire(2);
    assert.deepEqual(seen, [2]);
  });

  it('toDisposable runs its callback once', () => {
    let count = 0;
    const d = toDisposable(() => count++);
    d.dispose();
    d.dispose();
    assert.equal(count, 1);
  });
});
