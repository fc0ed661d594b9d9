export interface Config {
  tektonDag?: {
    // tektonDag.clusters (where tekton-dag:pipeline:apply applies): see
    // @tekton-dag/plugin-tekton-dag-node's config.d.ts.
    /** The tekton-dag scaffolder actions (plugin-scaffolder-backend-module-tekton-dag). */
    scaffolder?: {
      /**
       * A folder of Tekton Task YAML files (e.g. a checkout of the repository that installs them,
       * `../../tekton/tasks` from packages/backend in this repository), relative to the backend's
       * working directory. `tekton-dag:pipeline:create` validates new Pipelines against these
       * Tasks and the workspace's own `<targetPath>/tasks`; a Task in both is taken from the
       * workspace.
       */
      tasksDir?: string;
      /**
       * Git repositories on the portal's machine, for a local portal without a git host: the
       * actions `tekton-dag:local-repo:create` and `:push` publish new components there, the
       * local cluster clones them and the catalog reads them by their `file:` URLs. Leave unset
       * in production (templates publish to a git host there).
       */
      /**
       * Whether `tekton-dag:pipeline:apply` also applies Argo CD Applications (argoproj.io), not
       * only Tekton objects. An Application deploys whatever its source holds with Argo CD's
       * rights: allow it only where everyone who runs templates may deploy anything (the local
       * portal). Default: false.
       */
      applyArgoCdApplications?: boolean;
      localRepositories?: {
        /** The folder of the bare repositories, relative to the backend's working directory. */
        directory: string;
      };
    };
  };
}
