import { AsyncResource } from 'node:async_hooks';

/**
 * Gathers the keys of jobs that run at the same time (a worker with concurrency N holds up to N) and does
 * their work together: one set of SQL statements for a batch instead of one per job. Every job keeps its
 * own BullMQ identity, retries and failed-set entry; only the work is shared.
 *
 * - A batch starts with the first key and closes after `lingerMs` or at `maxSize` keys, whichever is first.
 * - A key already waiting in the open batch (the same job run twice at once) closes that batch and starts
 *   the next, so that `run` always sees distinct keys and the second run sees what the first one wrote.
 * - `run` answers each key with a result or an Error (that key's job fails alone). If `run` throws, each key
 *   of the batch is run again on its own, so one bad key cannot fail its neighbours' jobs.
 * - `run` runs outside every job's context (as where the batcher was made): it does the work of several jobs, so its
 *   lines must not carry one of them's bindings (withLogBindings: job id, request id); each job's own lines do.
 */
export class JobBatcher<K, R> {
  private open: { keys: Map<K, Waiter<R>>; timer: NodeJS.Timeout } | null = null;
  /** The async context the batcher was made in, where batches run. */
  private readonly outside = new AsyncResource('JobBatcher');

  constructor(
    private readonly run: (keys: K[]) => Promise<Map<K, R | Error>>,
    private readonly options: { maxSize: number; lingerMs: number },
  ) {}

  submit(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.open?.keys.has(key)) this.close();
      if (!this.open) {
        const timer = setTimeout(() => this.close(), this.options.lingerMs);
        this.open = { keys: new Map(), timer };
      }
      this.open.keys.set(key, { resolve, reject });
      if (this.open.keys.size >= this.options.maxSize) this.close();
    });
  }

  private close(): void {
    const batch = this.open;
    if (!batch) return;
    this.open = null;
    clearTimeout(batch.timer);
    this.outside.runInAsyncScope(() => void this.execute(batch.keys));
  }

  private async execute(batch: Map<K, Waiter<R>>): Promise<void> {
    const keys = [...batch.keys()];
    let results: Map<K, R | Error>;
    try {
      results = await this.run(keys);
    } catch (error) {
      if (keys.length === 1) {
        settle(batch.get(keys[0]!)!, error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // Each key alone: only the one that cannot be done fails.
      await Promise.all(keys.map((key) => this.execute(new Map([[key, batch.get(key)!]]))));
      return;
    }
    for (const key of keys) settle(batch.get(key)!, results.has(key) ? results.get(key)! : new Error('the batch gave no result for this job'));
  }
}

interface Waiter<R> {
  resolve(value: R): void;
  reject(error: Error): void;
}

function settle<R>(waiter: Waiter<R>, outcome: R | Error): void {
  if (outcome instanceof Error) waiter.reject(outcome);
  else waiter.resolve(outcome);
}
