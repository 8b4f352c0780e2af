import { Writable } from 'node:stream';

/**
 * A pino destination that keeps every line, so that a test can read what was logged. Also the end of a pipe from a
 * child process's stdout, whose chunks may end in the middle of a line: a line is kept once its newline has come.
 */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  private partial = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts.filter(Boolean));
    callback();
  }

  override _final(callback: () => void): void {
    if (this.partial) this.lines.push(this.partial);
    this.partial = '';
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}
