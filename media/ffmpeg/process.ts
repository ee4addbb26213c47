import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import { commandLine, type FfmpegArgs } from './command.js';

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
  /** Set when the binary could not be started at all (missing, not executable). */
  startError: string | null;
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

/** How the runner starts ffmpeg: `stdin: 'pipe'` (the default) keeps a channel for filter commands. */
export type FfmpegRunOptions = { stdin?: 'pipe' | 'ignore' };

/**
 * One ffmpeg process: the only place Nist starts ffmpeg (recording, ladder, posters, ingest, RTP sources).
 * It takes a built command (`FfmpegArgs`, from the pure builders) or a ready argv. `exit` fires exactly once;
 * a run that ended because we asked (`stop`, `kill`) is reported with `requested: true` whatever ffmpeg's
 * exit code.
 */
export class FfmpegProcess extends EventEmitter<Events> {
  readonly argv: string[];
  private child: ChildProcess | null = null;
  private requested = false;
  private finished: FfmpegExit | null = null;
  private readonly tail: string[] = [];
  private noSpace = false;
  private partial = '';
  private readonly exited: Promise<FfmpegExit>;
  pid: number | null = null;

  constructor(
    args: FfmpegArgs | readonly string[],
    private readonly log: Logger,
    private readonly ffmpegPath = 'ffmpeg',
    private readonly runOptions: FfmpegRunOptions = {},
  ) {
    super();
    this.argv = isArgv(args) ? [...args] : commandLine(args);
    this.exited = new Promise((resolve) => this.once('exit', resolve));
  }

  /** Starts the process; listen to `exit` (or await `done`) for the outcome. */
  start(): this {
    if (this.child || this.finished) return this;
    // Same process group as Nist, so nothing outlives it; a Ctrl-C at a terminal reaches both.
    const child = spawn(this.ffmpegPath, this.argv, { stdio: [this.runOptions.stdin ?? 'pipe', 'ignore', 'pipe'] });
    this.child = child;
    child.once('error', (err) => this.finish({ code: -1, signal: null }, err.message));
    child.once('spawn', () => {
      this.pid = child.pid ?? null;
      this.log.debug({ pid: this.pid, args: this.argv }, 'ffmpeg started');
      if (this.pid !== null) {
        track(this.pid);
        this.emit('start', this.pid);
      }
    });
    // Writes to a process that just died fail with EPIPE; its exit is reported by `exit`.
    child.stdin?.on('error', () => undefined);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => this.onChunk(chunk));
    // `close`, not `exit`: every stderr line has been read by then.
    child.once('close', (code, signal) => {
      if (this.partial) this.onLine(this.partial);
      this.partial = '';
      this.finish({ code, signal });
    });
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
    const stdin = this.child?.stdin;
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
    // Never started: nothing to signal, the run is over.
    if (!this.child) return this.finish({ code: null, signal: sig });
    try {
      this.child?.kill(sig);
    } catch {
      // already gone
    }
  }

  /** stderr arrives in chunks; ffmpeg ends statistics lines with \r and messages with \n. */
  private onChunk(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.onLine(line);
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

  private finish(r: { code: number | null; signal: NodeJS.Signals | null }, startError: string | null = null): void {
    if (this.finished) return;
    if (this.pid !== null) live.delete(this.pid);
    this.finished = {
      ok: r.code === 0 && r.signal === null,
      requested: this.requested,
      code: r.code,
      signal: r.signal,
      stderrTail: [...this.tail],
      noSpace: this.noSpace,
      startError,
    };
    this.emit('exit', this.finished);
  }
}

const isArgv = (args: FfmpegArgs | readonly string[]): args is readonly string[] => Array.isArray(args);

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
    const reason = exit.noSpace ? 'the disk is full' : (exit.startError ?? exit.stderrTail.slice(-3).join(' | ')) || `exit code ${exit.code}`;
    throw new Error(`ffmpeg failed: ${reason}`);
  }
}
