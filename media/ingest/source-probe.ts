import { execFile } from 'node:child_process';
import { parseProbe, type SourceInfo } from './ingest-args.js';

/** Opens a source with ffprobe; rejects with a message naming the source when it cannot be read. */
export function probeSource(source: string, ffprobePath = 'ffprobe', timeoutMs = 20_000): Promise<SourceInfo> {
  const args = ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,profile,has_b_frames:format=format_name', '-of', 'json'];
  if (/^rtsp:/i.test(source)) args.push('-rtsp_transport', 'tcp');
  if (/^[a-z]+:\/\//i.test(source)) args.push('-rw_timeout', String(Math.round(timeoutMs * 1000 * 0.75)));
  args.push('-i', source);
  return new Promise((resolve, reject) => {
    execFile(ffprobePath, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const reason = stderr.trim().split('\n').at(-1) || (error?.killed ? 'timed out' : error?.message);
      if (error) return reject(new Error(`Cannot open the source ${source}: ${reason}`));
      let info: SourceInfo;
      try {
        info = parseProbe(stdout);
      } catch {
        return reject(new Error(`Cannot open the source ${source}: ffprobe gave no readable answer`));
      }
      if (!info.video && !info.audio) return reject(new Error(`The source ${source} has neither video nor audio.`));
      resolve(info);
    });
  });
}
