import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * BagIt packages (RFC 8493, version 1.0): a folder with `bagit.txt`, `bag-info.txt`, `manifest-sha256.txt`
 * (every payload file under `data/` with its SHA-256), `tagmanifest-sha256.txt`, and the payload in `data/`.
 * Writing copies each file once while hashing it; checking rehashes every file and refuses a bag whose
 * manifest and payload disagree in any way (a changed file, a missing one, one not in the manifest).
 */
export class BagError extends Error {
  constructor(
    message: string,
    /** The payload or tag file at fault, relative to the bag ("data/…"), when there is one. */
    readonly file?: string,
  ) {
    super(message);
  }
}

/** A payload file: where it goes under data/ (forward slashes) and where its bytes come from. */
export type PayloadFile = { path: string; from: { file: string } | { text: string } };

export type BagInfo = Record<string, string>;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** A payload path that cannot leave data/ and means the same on every system. */
function safePayloadPath(p: string): string {
  if (!/^[^/\\\0][^\\\0]*$/.test(p) || p.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new BagError(`Not a safe payload path: ${JSON.stringify(p)}`, `data/${p}`);
  }
  return p;
}

/**
 * Writes a bag at `dir` (which must not exist or be empty) from `files`, then its tag files. Written under a
 * temporary name beside `dir` and renamed into place at the end, so a failed export leaves no half bag.
 */
export async function writeBag(dir: string, files: PayloadFile[], info: BagInfo, onProgress?: (done: number, total: number) => void): Promise<{ files: number; bytes: number }> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new BagError(`${dir} exists and is not empty; choose a new folder.`);
  const temp = `${dir}.partial-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    const manifest: string[] = [];
    let bytes = 0;
    for (const [i, f] of files.entries()) {
      const rel = `data/${safePayloadPath(f.path)}`;
      const target = path.join(temp, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if ('file' in f.from) await pipeline(fs.createReadStream(f.from.file), fs.createWriteStream(target, { flags: 'wx' }));
      else fs.writeFileSync(target, f.from.text, { flag: 'wx' });
      manifest.push(`${await sha256Of(target)}  ${rel}`);
      bytes += fs.statSync(target).size;
      onProgress?.(i + 1, files.length);
    }
    const tags: [string, string][] = [
      ['bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'],
      [
        'bag-info.txt',
        `${Object.entries({ ...info, 'Bagging-Date': new Date().toISOString().slice(0, 10), 'Payload-Oxum': `${bytes}.${files.length}` })
          .map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, ' ')}`)
          .join('\n')}\n`,
      ],
      ['manifest-sha256.txt', `${manifest.join('\n')}\n`],
    ];
    for (const [name, text] of tags) fs.writeFileSync(path.join(temp, name), text);
    const tagManifest = tags.map(([name, text]) => `${createHash('sha256').update(text).digest('hex')}  ${name}`);
    fs.writeFileSync(path.join(temp, 'tagmanifest-sha256.txt'), `${tagManifest.join('\n')}\n`);
    if (fs.existsSync(dir)) fs.rmdirSync(dir);
    fs.renameSync(temp, dir);
    return { files: files.length, bytes };
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Every file under `root`, as forward-slash paths relative to it. */
function listFiles(root: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(root, rel) : [rel];
  });
}

function readManifest(dir: string, name: string): Map<string, string> {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw new BagError(`The package has no ${name}: it is not a BagIt bag (RFC 8493).`, name);
  const entries = new Map<string, string>();
  for (const [n, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line.trimEnd());
    if (!m) throw new BagError(`${name} line ${n + 1} is not "<sha256> <path>".`, name);
    // RFC 8493 §2.1.3: a path's CR, LF and % are percent-encoded in manifests.
    entries.set(m[2]!.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%'), m[1]!.toLowerCase());
  }
  return entries;
}

/**
 * Checks a bag completely before anything reads its payload: bagit.txt, the tag manifest (if present), and
 * every payload file against manifest-sha256.txt. Throws a BagError naming the first file that fails.
 */
export async function verifyBag(dir: string): Promise<{ info: BagInfo; files: string[] }> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new BagError(`${dir} is not a folder.`);
  const declaration = fs.existsSync(path.join(dir, 'bagit.txt')) ? fs.readFileSync(path.join(dir, 'bagit.txt'), 'utf8') : '';
  if (!/^BagIt-Version: 1\.\d+/m.test(declaration)) throw new BagError('bagit.txt is missing or does not declare BagIt-Version 1.x.', 'bagit.txt');
  if (fs.existsSync(path.join(dir, 'tagmanifest-sha256.txt'))) {
    for (const [name, sum] of readManifest(dir, 'tagmanifest-sha256.txt')) {
      if (!fs.existsSync(path.join(dir, name))) throw new BagError(`${name} is listed in tagmanifest-sha256.txt but missing.`, name);
      if ((await sha256Of(path.join(dir, name))) !== sum) throw new BagError(`${name} does not match its checksum in tagmanifest-sha256.txt.`, name);
    }
  }
  const manifest = readManifest(dir, 'manifest-sha256.txt');
  const present = fs.existsSync(path.join(dir, 'data')) ? listFiles(dir, 'data') : [];
  for (const file of present) if (!manifest.has(file)) throw new BagError(`${file} is in the package but not in manifest-sha256.txt.`, file);
  for (const [file, sum] of manifest) {
    if (!file.startsWith('data/')) throw new BagError(`manifest-sha256.txt lists ${file}, outside data/.`, file);
    safePayloadPath(file.slice(5));
    const full = path.join(dir, ...file.split('/'));
    if (!fs.existsSync(full)) throw new BagError(`${file} is listed in manifest-sha256.txt but missing.`, file);
    if ((await sha256Of(full)) !== sum) throw new BagError(`${file} does not match its SHA-256 in manifest-sha256.txt: the package was changed or damaged.`, file);
  }
  const info: BagInfo = {};
  const infoFile = path.join(dir, 'bag-info.txt');
  if (fs.existsSync(infoFile)) {
    for (const line of fs.readFileSync(infoFile, 'utf8').split('\n')) {
      const m = /^([^:\s][^:]*):\s*(.*)$/.exec(line);
      if (m) info[m[1]!] = m[2]!;
    }
  }
  return { info, files: [...manifest.keys()] };
}
