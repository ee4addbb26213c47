// npm run create-admin -- <username>: creates an administrator. The password is asked at the terminal
// or read from the first line of standard input (echo "$PASSWORD" | npm run create-admin -- alice).
import path from 'node:path';
import { passwordSchema, usernameSchema } from '../server/accounts/accounts.contract.js';
import { describeIssues } from '../server/core/common.contract.js';
import { ConfigError, loadConfig } from '../server/core/config.js';
import { AccountsService } from '../server/accounts/accounts.service.js';
import { DomainError } from '../server/core/errors.js';
import { LoginThrottle } from '../server/accounts/login-throttle.js';
import { openDatabase } from '../server/core/database.js';
import { createRepositories } from '../server/core/repositories.js';
import { readPassword } from './lib/read-password.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length !== 1) throw new Error('Usage: npm run create-admin -- <username>');
  const username = usernameSchema.safeParse(args[0]);
  if (!username.success) throw new Error(`Invalid username: ${describeIssues(username.error)}`);
  const config = loadConfig();
  const db = openDatabase(path.join(config.dataDir, 'nist.db'));
  try {
    const repos = createRepositories(db);
    if (repos.accounts.existsByUsername(username.data)) {
      throw new Error(`The username "${username.data}" is taken; choose another.`);
    }
    const password = passwordSchema.safeParse(await readPassword(`Password for ${username.data}: `));
    if (!password.success) throw new Error(`Invalid password: ${describeIssues(password.error)}`);
    const accounts = new AccountsService(repos, new LoginThrottle({ windowMs: 1, maxPerAccount: 1, maxPerAddress: 1, lockMs: 1 }));
    const account = await accounts.create(
      { kind: 'system' },
      { username: username.data, displayName: username.data, password: password.data, grants: [{ role: 'admin', bodyId: null }] },
    );
    process.stdout.write(`Created administrator "${account.username}" (id ${account.id}). Log in at /console.\n`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof DomainError ? error.message : (error as Error).message;
  process.stderr.write(`create-admin: ${message}\n`);
  process.exit(1);
});
