import { currentLogBindings, withLogBindings } from '@cg/server/config';
import { JobBatcher } from './job-batcher';

/** A batcher whose work doubles numbers and records the batches it was given; `bad` keys make a batch throw. */
function doubling(options = { maxSize: 4, lingerMs: 5 }, bad = new Set<number>()) {
  const batches: number[][] = [];
  const batcher = new JobBatcher<number, number>(async (keys) => {
    batches.push([...keys]);
    await new Promise((r) => setTimeout(r, 1));
    if (keys.some((k) => bad.has(k))) throw new Error(`cannot do ${keys.filter((k) => bad.has(k)).join(',')}`);
    return new Map(keys.map((k) => [k, k < 0 ? new Error(`negative ${k}`) : k * 2]));
  }, options);
  return { batcher, batches };
}

describe('JobBatcher', () => {
  it('does the jobs submitted together in one batch and answers each with its own result', async () => {
    const { batcher, batches } = doubling();
    await expect(Promise.all([1, 2, 3].map((k) => batcher.submit(k)))).resolves.toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('closes a batch at its maximum size', async () => {
    const { batcher, batches } = doubling({ maxSize: 2, lingerMs: 1000 });
    await expect(Promise.all([1, 2, 3, 4, 5].map((k) => batcher.submit(k)))).resolves.toEqual([2, 4, 6, 8, 10]);
    // The fifth waited for the linger time alone; sizes never exceed the maximum.
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('closes a batch after the linger time, so a lone job is not held', async () => {
    const { batcher, batches } = doubling({ maxSize: 100, lingerMs: 5 });
    await expect(batcher.submit(7)).resolves.toBe(14);
    await expect(batcher.submit(8)).resolves.toBe(16);
    expect(batches).toEqual([[7], [8]]);
  });

  it('puts the same key submitted twice at once into two batches, one after the other', async () => {
    const { batcher, batches } = doubling();
    await expect(Promise.all([1, 2, 1].map((k) => batcher.submit(k)))).resolves.toEqual([2, 4, 2]);
    expect(batches).toEqual([[1, 2], [1]]);
  });

  it('fails only the job whose result is an error', async () => {
    const { batcher } = doubling();
    const outcomes = await Promise.allSettled([1, -2, 3].map((k) => batcher.submit(k)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('negative -2'));
  });

  it('when a batch throws, runs each of its jobs alone so that only the bad one fails', async () => {
    const { batcher, batches } = doubling({ maxSize: 10, lingerMs: 5 }, new Set([2]));
    const outcomes = await Promise.allSettled([1, 2, 3].map((k) => batcher.submit(k)));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('cannot do 2') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it("runs a batch outside its jobs' log bindings: a line about several jobs never carries one job's request id", async () => {
    const seen: object[] = [];
    const batcher = new JobBatcher<number, number>(async (keys) => {
      seen.push(currentLogBindings());
      return new Map(keys.map((k) => [k, k]));
    }, { maxSize: 2, lingerMs: 1000 });
    // The second job closes the batch (its maximum size), the first one opened it: neither's bindings reach the batch.
    const job = (key: number) => withLogBindings({ jobId: `job-${key}`, requestId: `trace-${key}` }, () => batcher.submit(key));
    await expect(Promise.all([job(1), job(2)])).resolves.toEqual([1, 2]);
    expect(seen).toEqual([{}]);
  });
});
