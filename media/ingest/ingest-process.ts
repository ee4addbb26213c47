import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

type IngestProcessEvents = {
  /** The source ended (ffmpeg exited on its own with code 0). Fires at most once, never with `error`. */
  end: [];
  /** ffmpeg failed or was killed; the message carries its last error line. Fires at most once. */
  error: [Error];
};

/** One ffmpeg process feeding the SFU. `end` or `error` fires exactly once; `stop` ends it quietly. */
export class IngestProcess extends EventEmitter<IngestProcessEvents> {
  readonly #child: ChildProcess;
  #stderr = '';
  #settled = false;
  #stopping = false;

  constructor(args: string[], ffmpegPath = 'ffmpeg') {
    super();
    // Same process group as the caller, so nothing outlives it; a Ctrl-C at a terminal reaches both.
    this.#child = spawn(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const killOnExit = () => this.#child.kill('SIGKILL');
    process.once('exit', killOnExit);
    this.#child.once('exit', () => process.off('exit', killOnExit));
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    this.#child.once('error', (error) => this.#settle(new Error(`ffmpeg could not start: ${error.message}`)));
    this.#child.once('exit', (code, signal) => {
      if (code === 0 || this.#stopping) return this.#settle(null);
      const last = this.#stderr.trim().split('\n').at(-1) ?? '';
      this.#settle(new Error(`ffmpeg stopped (${signal ?? `code ${code}`}): ${last}`));
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return !this.#settled;
  }

  stop(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    this.#stopping = true;
    const done = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGTERM');
    const force = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
    return done.finally(() => clearTimeout(force));
  }

  #settle(error: Error | null): void {
    if (this.#settled) return;
    this.#settled = true;
    if (error) this.emit('error', error);
    else this.emit('end');
  }
}
