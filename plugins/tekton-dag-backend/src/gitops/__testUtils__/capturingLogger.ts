import type { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that keeps every line (message and metadata), to assert what never gets logged. */
export function capturingLogger() {
  const lines: string[] = [];
  const write = (level: string) => (message: string, meta?: Error | object) => {
    lines.push(
      `${level} ${message} ${
        meta instanceof Error
          ? `${meta.message} ${meta.stack}`
          : JSON.stringify(meta ?? {})
      }`,
    );
  };
  const logger: LoggerService = {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: () => logger,
  };
  return { logger, lines };
}
