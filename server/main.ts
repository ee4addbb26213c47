import { ConfigError, loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { startNist } from './nist.js';
import { startEdge } from './cluster/edge.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config);

try {
  // NIST_ROLE=edge: a media edge of an origin (server/cluster/); otherwise everything, as one server always ran.
  const nist = await (config.cluster.role === 'edge' ? startEdge(config, log) : startNist(config, log));
  process.stderr.write(`Nist is running on ${nist.url}\n`);
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    log.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    nist.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  log.fatal({ err: error }, 'start-up failed');
  process.stderr.write(`Nist could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
