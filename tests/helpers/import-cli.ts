import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../server/core/config.js';

export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs `npm run import -- …` the way a person would, into the given data and recordings folders (through node +
 * tsx, not npm, to keep it quick). A running server on the same folders sees the import, as it reads the
 * database per request.
 */
export function importCli(dirs: { dataDir: string; recordingsDir: string }, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts/import.ts'), '--', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dirs.dataDir, RECORDINGS_DIR: dirs.recordingsDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
