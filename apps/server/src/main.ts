import { startServer } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  let server;
  try {
    server = await startServer({ config, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'StudySync could not start');
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  console.log(`StudySync is running at http://localhost:${server.port} (metrics at ${server.metricsUrl}/metrics)`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'Shutting down');
    // Whatever happens, we are gone within 10 s.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('StudySync failed', error);
  process.exit(1);
});
