import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ApplicationChange } from './ApplicationSource';

/**
 * Hands a watched source's change to its listener. A listener that throws is logged, not
 * thrown on: it must not break the watch that saw the change.
 */
export function notifyApplicationChange(
  onChange: ((change: ApplicationChange) => void) | undefined,
  change: ApplicationChange,
  logger: LoggerService,
) {
  try {
    onChange?.(change);
  } catch (error) {
    logger.warn(
      `Handling a change of Argo CD Application ${change.namespace}/${change.app.metadata.name} failed`,
      error as Error,
    );
  }
}
