// Types of multiplexer.js (plain CommonJS, loaded by the ESM server as it is), for its unit tests.
export interface RawSession {
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (chunk: Uint8Array) => void }): Promise<unknown>;
}

export declare class OutputRouter {
  constructor(write: (data: Uint8Array) => void, onNotification: (notification: Buffer) => void);
  /** The transaction status of the last ReadyForQuery seen ('I', 'T', 'E'), or null. */
  status: string | null;
  push(chunk: Uint8Array): void;
  end(): void;
}

export declare class SessionMultiplexer {
  constructor(db: RawSession, options?: { log?: (...parts: unknown[]) => void; trace?: (...parts: unknown[]) => void; watchdogMs?: number });
  closed: boolean;
  owner: number | null;
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
  stop(): void;
}
