import { EventEmitter } from 'node:events';
import pino from 'pino';
import type { Logger } from '../logger.js';
import { FfmpegProcess } from '../ffmpeg/process.js';

type IngestProcessEvents = {
  /** The source ended (ffmpeg exited on its own with code 0). Fires at most once, never with `error`. */
  end: [];
  /** ffmpeg failed or was killed; the message carries its last error line. Fires at most once. */
  error: [Error];
};

const silent: Logger = pino({ level: 'silent' });

/**
 * One ingest ffmpeg feeding the SFU, run by the one ffmpeg runner (media/ffmpeg/process.ts). `end` or `error`
 * fires exactly once; `stop` ends it quietly.
 */
export class IngestProcess extends EventEmitter<IngestProcessEvents> {
  readonly #proc: FfmpegProcess;

  constructor(args: string[], ffmpegPath = 'ffmpeg', log: Logger = silent) {
    super();
    this.#proc = new FfmpegProcess(args, log, ffmpegPath, { stdin: 'ignore' });
    this.#proc.once('exit', (exit) => {
      if (exit.startError !== null) return this.emit('error', new Error(`ffmpeg could not start: ${exit.startError}`));
      if (exit.ok || exit.requested) return this.emit('end');
      const last = exit.stderrTail.at(-1) ?? '';
      this.emit('error', new Error(`ffmpeg stopped (${exit.signal ?? `code ${exit.code}`}): ${last}`));
    });
    this.#proc.start();
  }

  get pid(): number | undefined {
    return this.#proc.pid ?? undefined;
  }

  get running(): boolean {
    return this.#proc.running;
  }

  async stop(): Promise<void> {
    await this.#proc.stop(3000);
  }
}
