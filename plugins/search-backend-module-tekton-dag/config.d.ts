import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /**
       * The tekton-dag collator: one search document per pipeline of each entity with the
       * `tekton-dag/pipelines` annotation.
       */
      'tekton-dag'?: {
        /**
         * How often the pipelines are indexed. Default: every 10 minutes, timeout 15 minutes,
         * first run 10 seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
