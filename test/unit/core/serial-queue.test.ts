// SerialQueue: tasks run one at a time in order, and a failure rejects only its own call.
import * as assert from 'assert';
import { SerialQueue } from '../../../src/core/serial-queue';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('SerialQueue', () => {
  it('starts each task only after the one before it has settled, in the order added', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    let running = 0;
    const task = (name: string, steps: number) => async () => {
      running++;
      assert.strictEqual(running, 1, `${name} overlapped another task`);
      events.push(`${name} start`);
      for (let i = 0; i < steps; i++) await tick();
      events.push(`${name} end`);
      running--;
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 3)), queue.run(task('b', 1)), queue.run(task('c', 2))]);
    assert.deepStrictEqual(results, ['a', 'b', 'c']);
    assert.deepStrictEqual(events, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('a failing task rejects its own call only; the next task still runs', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      await tick();
      throw new Error('boom');
    });
    const thrown = queue.run(() => {
      throw new Error('sync boom');
    });
    const after = queue.run(() => 42);
    await assert.rejects(failed, /boom/);
    await assert.rejects(thrown, /sync boom/);
    assert.strictEqual(await after, 42);
  });
});
