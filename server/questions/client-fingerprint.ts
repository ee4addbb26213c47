import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Residents have no account: a browser is known by a random id it keeps in localStorage. We store only a
 * keyed hash of it (HMAC with a secret that never leaves the server), so the database cannot be used to
 * recognise a browser elsewhere. Without an id (scripts, other sites' forms) the address stands in.
 */
export class ClientFingerprints {
  constructor(private readonly secret: Buffer) {}

  /** Reads the secret from `file`, creating it (readable by the server's user only) on first start. */
  static fromFile(file: string): ClientFingerprints {
    try {
      const existing = fs.readFileSync(file);
      if (existing.length >= 32) return new ClientFingerprints(existing);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32);
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return new ClientFingerprints(secret);
  }

  of(clientId: string | undefined, address: string): string {
    return createHmac('sha256', this.secret)
      .update(clientId ? `client:${clientId}` : `address:${address}`)
      .digest('base64url')
      .slice(0, 32);
  }
}

/** Who is asking, as far as limits and "once per browser" go. */
export type Asker = { fingerprint: string; address: string };
