import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import ffmpeg from 'fluent-ffmpeg';
import type { Logger } from '../logger.js';
import { flattenArgs, type FfmpegArgs } from './ffmpeg-args.js';

/** How a run ended. `requested` is true when `stop()` or `kill()` asked for it. */
export type FfmpegExit = {
  ok: boolean;
  requested: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last stderr lines, for logs and error messages. */
  stderrTail: string[];
  /** ffmpeg reported that the disk is full. */
  noSpace: boolean;
};

export type FfmpegProgress = { timeSec: number; speed: number | null; frame: number | null };

type Events = {
  start: [pid: number];
  progress: [progress: FfmpegProgress];
  /** A stderr line that is not a statistics line. */
  line: [line: string];
  /** Fires exactly once per run, whatever way it ended. */
  exit: [exit: FfmpegExit];
};

const timeRe = /time=\s*(-?\d+):(\d\d):(\d\d(?:\.\d+)?)/;
const speedRe = /speed=\s*([\d.]+)x/;
const frameRe = /frame=\s*(\d+)/;

/** Parses one ffmpeg statistics line ("frame= 50 fps=… time=00:00:02.00 … speed=1.01x"); null otherwise. */
export function parseProgressLine(line: string): FfmpegProgress | null {
  const t = timeRe.exec(line);
  if (!t) return null;
  const timeSec = Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3]);
  const speed = speedRe.exec(line);
  const frame = frameRe.exec(line);
  return { timeSec, speed: speed ? Number(speed[1]) : null, frame: frame ? Number(frame[1]) : null };
}

const noSpaceRe = /No space left on device|ENOSPC/i;

/**
 * ffmpeg processes still running. If this Node process exits without stopping them (a crash, a test
 * runner tearing a worker down), they are killed rather than left recording forever.
 */
const live = new Set<number>();
let exitHookInstalled = false;
function track(pid: number): void {
  live.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of live) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * One ffmpeg process: the only place fluent-ffmpeg is used. `exit` fires exactly once; a run that ended
 * because we asked (`stop`, `kill`) is reported with `requested: true` whatever ffmpeg's exit code.
 */
export class FfmpegProcess extends EventEmitter<Events> {
  private readonly command: ffmpeg.FfmpegCommand;
  private requested = false;
  private finished: FfmpegExit | null = null;
  private readonly tail: string[] = [];
  private noSpace = false;
  private readonly exited: Promise<FfmpegExit>;
  pid: number | null = null;

  constructor(
    readonly args: FfmpegArgs,
    private readonly log: Logger,
    ffmpegPath = 'ffmpeg',
  ) {
    super();
    const cmd = ffmpeg().setFfmpegPath(ffmpegPath);
    for (const input of args.inputs) {
      cmd.input(input.source);
      // Spread (not an array) so fluent-ffmpeg never splits an option value at a space.
      if (input.options.length) cmd.inputOptions(...input.options);
    }
    for (const output of args.outputs) {
      cmd.output(output.target);
      if (output.options.length) cmd.outputOptions(...output.options);
    }
    this.command = cmd;
    this.exited = new Promise((resolve) => this.once('exit', resolve));
    cmd.on('start', () => {
      const proc = (cmd as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc;
      this.pid = proc?.pid ?? null;
      this.log.debug({ pid: this.pid, args: flattenArgs(args) }, 'ffmpeg started');
      // Writes to a process that just died fail with EPIPE; its exit is reported by `exit`.
      proc?.stdin?.on('error', () => undefined);
      if (this.pid !== null) {
        track(this.pid);
        this.emit('start', this.pid);
      }
    });
    cmd.on('stderr', (line: string) => this.onLine(line));
    cmd.on('end', () => this.finish({ code: 0, signal: null }));
    cmd.on('error', (err: Error) => this.finish(exitFromError(err)));
  }

  /** Starts the process; listen to `exit` (or await `done`) for the outcome. */
  start(): this {
    this.command.run();
    return this;
  }

  get done(): Promise<FfmpegExit> {
    return this.exited;
  }

  get running(): boolean {
    return this.finished === null;
  }

  /** Asks ffmpeg to finish cleanly (SIGINT writes the last segment and playlist); SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<FfmpegExit> {
    if (this.finished) return this.finished;
    this.requested = true;
    this.signal('SIGINT');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /**
   * Sends filter commands to the running process through ffmpeg's interactive `c` command (the process must
   * run without -nostdin). Each line is `<target> <time> <command> <argument>`. False when it is not running.
   */
  sendFilterCommands(lines: string[]): boolean {
    const stdin = (this.command as unknown as { ffmpegProc?: ChildProcess }).ffmpegProc?.stdin;
    if (this.finished || !stdin || !stdin.writable) return false;
    stdin.write(lines.map((l) => `c${l}\n`).join(''));
    return true;
  }

  /** Ends the process at once; finished segments stay, the one being written is lost. */
  kill(): void {
    if (this.finished) return;
    this.requested = true;
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    try {
      this.command.kill(sig);
    } catch {
      // already gone
    }
  }

  private onLine(line: string): void {
    const progress = parseProgressLine(line);
    if (progress) {
      this.emit('progress', progress);
      return;
    }
    if (!line.trim()) return;
    if (noSpaceRe.test(line)) this.noSpace = true;
    this.tail.push(line);
    if (this.tail.length > 20) this.tail.shift();
    this.emit('line', line);
  }

  private finish(r: { code: number | null; signal: NodeJS.Signals | null }): void {
    if (this.finished) return;
    if (this.pid !== null) live.delete(this.pid);
    this.finished = {
      ok: r.code === 0 && r.signal === null,
      requested: this.requested,
      code: r.code,
      signal: r.signal,
      stderrTail: [...this.tail],
      noSpace: this.noSpace,
    };
    this.emit('exit', this.finished);
  }
}

/** fluent-ffmpeg reports exits as error messages: "ffmpeg exited with code 1: …" or "… killed with signal SIGKILL". */
function exitFromError(err: Error): { code: number | null; signal: NodeJS.Signals | null } {
  const code = /exited with code (\d+)/.exec(err.message);
  if (code) return { code: Number(code[1]), signal: null };
  const signal = /killed with signal (\w+)/.exec(err.message);
  if (signal) return { code: null, signal: signal[1] as NodeJS.Signals };
  return { code: -1, signal: null };
}

/** Runs a command to the end; resolves on success, rejects with ffmpeg's last message otherwise. */
export async function runFfmpeg(
  args: FfmpegArgs,
  log: Logger,
  options: { ffmpegPath?: string; onProgress?: (p: FfmpegProgress) => void; signal?: AbortSignal } = {},
): Promise<void> {
  const proc = new FfmpegProcess(args, log, options.ffmpegPath);
  if (options.onProgress) proc.on('progress', options.onProgress);
  const abort = () => proc.kill();
  options.signal?.addEventListener('abort', abort, { once: true });
  proc.start();
  const exit = await proc.done;
  options.signal?.removeEventListener('abort', abort);
  if (options.signal?.aborted) throw new Error('cancelled');
  if (!exit.ok) {
    const reason = exit.noSpace ? 'the disk is full' : exit.stderrTail.slice(-3).join(' | ') || `exit code ${exit.code}`;
    throw new Error(`ffmpeg failed: ${reason}`);
  }
}
