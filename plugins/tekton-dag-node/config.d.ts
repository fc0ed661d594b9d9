export interface Config {
  /** Configuration of the tekton-dag plugins. */
  tektonDag?: {
    /**
     * The Kubernetes clusters that run Tekton. Entities pick one with the `tekton-dag/cluster`
     * annotation; without it, the first cluster is used.
     */
    clusters?: Array<{
      /**
       * Name that entities refer to in `tekton-dag/cluster`.
       * @visibility frontend
       */
      name: string;
      /**
       * How to reach the cluster: `local` (the embedded development cluster of
       * packages/local-cluster), `kubeconfig` (a kubeconfig file or the default one),
       * `inCluster` (the portal's own ServiceAccount) or `url` (an API server URL and token).
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
      /** Path of the kubeconfig file, for `kubeconfig` and `local`; default: the usual lookup. */
      kubeconfigPath?: string;
      /** Context of the kubeconfig to use, for `kubeconfig`. */
      context?: string;
      /** Namespaces to watch; default all. */
      namespaces?: string[];
    }>;
  };
}
