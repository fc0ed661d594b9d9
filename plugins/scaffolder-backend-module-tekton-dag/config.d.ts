export interface Config {
  tektonDag?: {
    /**
     * The clusters `tekton-dag:pipeline:apply` applies to: the same `tektonDag.clusters` the
     * tekton-dag backend plugin uses (documented there in full).
     */
    clusters?: Array<{
      /**
       * Name that entities and the apply action refer to.
       * @visibility frontend
       */
      name: string;
      /**
       * How to reach the cluster: `local`, `kubeconfig`, `inCluster` or `url`.
       * @visibility frontend
       */
      type: 'local' | 'kubeconfig' | 'inCluster' | 'url';
      /** API server URL, for `url`. */
      url?: string;
      /**
       * Bearer token, for `url`.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Base64 PEM of the API server's certificate authority.
       * @visibility secret
       */
      caData?: string;
      /** Skips TLS verification of the API server (development only). */
      skipTLSVerify?: boolean;
      /** Path of the kubeconfig file, for `kubeconfig` and `local`. */
      kubeconfigPath?: string;
      /** Context of the kubeconfig to use, for `kubeconfig`. */
      context?: string;
    }>;
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
    };
  };
}
