/*
 * OpenAPI v3 schemas of the built-in kinds the local cluster serves, for `kubectl explain` and
 * server-side field validation. Written from the Kubernetes API reference (v1.32): every field
 * of the objects a field is validated in (the roots, ObjectMeta, PodSpec, Container, Service
 * and Deployment specs, RBAC rules and bindings); deeper objects are described without their
 * fields, so anything in them is accepted (as it is stored).
 */

export type Schema = Record<string, any>;

export const OBJECT_META_REF =
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const str = (description: string): Schema => ({ type: 'string', description });
const int = (description: string): Schema => ({
  type: 'integer',
  format: 'int32',
  description,
});
const bool = (description: string): Schema => ({
  type: 'boolean',
  description,
});
const strings = (description: string): Schema => ({
  type: 'array',
  items: { type: 'string', default: '' },
  description,
});
const stringMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});
/** An object whose fields are not described here: anything in it is accepted. */
const open = (description: string): Schema => ({ type: 'object', description });
const list = (items: Schema, description: string): Schema => ({
  type: 'array',
  items,
  description,
});
const object = (description: string, properties: Record<string, Schema>) => ({
  type: 'object',
  description,
  properties,
});

export const OBJECT_META: Schema = object(
  'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  {
    name: str('Name must be unique within a namespace.'),
    generateName: str(
      'An optional prefix, used by the server, to generate a unique name only if the Name field has not been provided.',
    ),
    namespace: str('The namespace the object belongs to.'),
    selfLink: str('Deprecated: not set.'),
    uid: str(
      'The unique in time and space value for this object, set by the server.',
    ),
    resourceVersion: str(
      'An opaque value that represents the internal version of this object, for optimistic concurrency and watches.',
    ),
    generation: {
      type: 'integer',
      format: 'int64',
      description: 'A sequence number of the desired state.',
    },
    creationTimestamp: {
      type: 'string',
      format: 'date-time',
      description: 'When this object was created.',
    },
    deletionTimestamp: {
      type: 'string',
      format: 'date-time',
      description: 'When this resource will be deleted.',
    },
    deletionGracePeriodSeconds: {
      type: 'integer',
      format: 'int64',
      description: 'Seconds allowed for graceful termination.',
    },
    labels: stringMap(
      'Map of string keys and values that can be used to organize and categorize objects.',
    ),
    annotations: stringMap(
      'An unstructured key value map stored with a resource.',
    ),
    ownerReferences: list(
      object(
        'OwnerReference contains enough information to let you identify an owning object.',
        {
          apiVersion: str('API version of the referent.'),
          kind: str('Kind of the referent.'),
          name: str('Name of the referent.'),
          uid: str('UID of the referent.'),
          controller: bool(
            'If true, this reference points to the managing controller.',
          ),
          blockOwnerDeletion: bool(
            'If true, the owner cannot be deleted before this object.',
          ),
        },
      ),
      'List of objects depended by this object.',
    ),
    finalizers: strings(
      'Must be empty before the object is deleted from the registry.',
    ),
    managedFields: list(
      open('ManagedFieldsEntry: a field set and its manager.'),
      'Which manager owns which fields.',
    ),
  },
);

const CONTAINER = object(
  'A single application container that you want to run within a pod.',
  {
    name: str('Name of the container, unique within the pod.'),
    image: str('Container image name.'),
    command: strings(
      'Entrypoint array. The local cluster runs command and args as a local process.',
    ),
    args: strings('Arguments to the entrypoint.'),
    workingDir: str("Container's working directory."),
    ports: list(open('ContainerPort'), 'Ports to expose from the container.'),
    envFrom: list(
      open('EnvFromSource'),
      'Sources to populate environment variables in the container.',
    ),
    env: list(
      object(
        'EnvVar represents an environment variable present in a Container.',
        {
          name: str('Name of the environment variable.'),
          value: str('Its value.'),
          valueFrom: open('Source for the value.'),
        },
      ),
      'Environment variables to set in the container.',
    ),
    resources: open('Compute resources required by this container.'),
    resizePolicy: list(
      open('ContainerResizePolicy'),
      'Resources resize policy.',
    ),
    restartPolicy: str(
      'Restart policy of an init container (Always: a sidecar).',
    ),
    volumeMounts: list(
      open('VolumeMount'),
      "Pod volumes to mount into the container's filesystem.",
    ),
    volumeDevices: list(
      open('VolumeDevice'),
      'Block devices to be used by the container.',
    ),
    livenessProbe: open('Periodic probe of container liveness.'),
    readinessProbe: open('Periodic probe of container service readiness.'),
    startupProbe: open(
      'StartupProbe indicates that the Pod has successfully initialized.',
    ),
    lifecycle: open(
      'Actions that the management system should take in response to container lifecycle events.',
    ),
    terminationMessagePath: str(
      "Path at which the container's termination message is written.",
    ),
    terminationMessagePolicy: str(
      'How the termination message should be populated.',
    ),
    imagePullPolicy: str('Image pull policy: Always, Never, IfNotPresent.'),
    securityContext: open('Security options the container should be run with.'),
    stdin: bool('Whether this container should allocate a buffer for stdin.'),
    stdinOnce: bool('Whether the runtime closes stdin after the first attach.'),
    tty: bool('Whether this container should allocate a TTY for itself.'),
  },
);

const POD_SPEC = object('PodSpec is a description of a pod.', {
  volumes: list(
    open('Volume'),
    'Volumes that can be mounted by containers of the pod.',
  ),
  initContainers: list(CONTAINER, 'Initialization containers.'),
  containers: list(CONTAINER, 'Containers of the pod.'),
  ephemeralContainers: list(
    open('EphemeralContainer'),
    'Ephemeral containers run in this pod.',
  ),
  restartPolicy: str(
    'Restart policy for all containers: Always, OnFailure, Never.',
  ),
  terminationGracePeriodSeconds: {
    type: 'integer',
    format: 'int64',
    description: 'Seconds the pod needs to terminate gracefully.',
  },
  activeDeadlineSeconds: {
    type: 'integer',
    format: 'int64',
    description: 'Seconds the pod may be active before it is failed.',
  },
  dnsPolicy: str('DNS policy for the pod.'),
  nodeSelector: stringMap('Labels a node must have for the pod to fit on it.'),
  serviceAccountName: str('Name of the ServiceAccount to use to run this pod.'),
  serviceAccount: str('Deprecated alias for serviceAccountName.'),
  automountServiceAccountToken: bool(
    'Whether a service account token should be automatically mounted.',
  ),
  nodeName: str('Request to schedule this pod onto a specific node.'),
  hostNetwork: bool('Host networking requested for this pod.'),
  hostPID: bool("Use the host's pid namespace."),
  hostIPC: bool("Use the host's ipc namespace."),
  shareProcessNamespace: bool(
    'Share a single process namespace between all of the containers in a pod.',
  ),
  securityContext: open('Pod-level security attributes.'),
  imagePullSecrets: list(
    open('LocalObjectReference'),
    'Secrets for pulling images.',
  ),
  hostname: str("The pod's hostname."),
  subdomain: str("The pod's subdomain."),
  affinity: open("The pod's scheduling constraints."),
  schedulerName: str('The scheduler that dispatches the pod.'),
  tolerations: list(open('Toleration'), "The pod's tolerations."),
  hostAliases: list(
    open('HostAlias'),
    "Hosts and IPs injected into the pod's hosts file.",
  ),
  priorityClassName: str("The pod's priority class."),
  priority: int('The priority value.'),
  dnsConfig: open('DNS parameters of a pod.'),
  readinessGates: list(open('PodReadinessGate'), 'Pod readiness gates.'),
  runtimeClassName: str('RuntimeClass used to run this pod.'),
  enableServiceLinks: bool(
    "Whether information about services is injected into the pod's environment.",
  ),
  preemptionPolicy: str('Policy for preempting pods with lower priority.'),
  overhead: open('Resource overhead of running the pod.'),
  topologySpreadConstraints: list(
    open('TopologySpreadConstraint'),
    'How pods spread across topology domains.',
  ),
  setHostnameAsFQDN: bool("The pod's hostname is its FQDN."),
  os: open('OS of the containers in the pod.'),
  hostUsers: bool("Use the host's user namespace."),
  schedulingGates: list(
    open('PodSchedulingGate'),
    'Gates that block scheduling.',
  ),
  resourceClaims: list(open('PodResourceClaim'), 'Resource claims of the pod.'),
  resources: open('Total resources of the pod.'),
});

const LABEL_SELECTOR = object('A label query over a set of resources.', {
  matchLabels: stringMap('Labels the resources must have.'),
  matchExpressions: list(
    open('LabelSelectorRequirement'),
    'Label selector requirements.',
  ),
});

const SERVICE_SPEC = object(
  'ServiceSpec describes the attributes that a user creates on a service.',
  {
    ports: list(
      object("ServicePort contains information on service's port.", {
        name: str('The name of this port within the service.'),
        protocol: str('TCP, UDP or SCTP.'),
        appProtocol: str('The application protocol for this port.'),
        port: int('The port that will be exposed by this service.'),
        targetPort: {
          'x-kubernetes-int-or-string': true,
          description:
            'Number or name of the port to access on the pods targeted by the service.',
        },
        nodePort: int(
          'The port on each node on which this service is exposed.',
        ),
      }),
      'The list of ports that are exposed by this service.',
    ),
    selector: stringMap(
      'Route service traffic to pods with label keys and values matching this selector.',
    ),
    clusterIP: str('The IP address of the service.'),
    clusterIPs: strings('The IP addresses of the service.'),
    type: str('ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    externalIPs: strings(
      'IP addresses for which nodes in the cluster will also accept traffic.',
    ),
    sessionAffinity: str('ClientIP or None.'),
    loadBalancerIP: str('Deprecated: the load balancer IP.'),
    loadBalancerSourceRanges: strings(
      'Client IPs allowed by the load balancer.',
    ),
    externalName: str('The external reference for ExternalName services.'),
    externalTrafficPolicy: str('How nodes distribute external traffic.'),
    healthCheckNodePort: int('Health check node port.'),
    publishNotReadyAddresses: bool(
      'Publish addresses of pods that are not ready.',
    ),
    sessionAffinityConfig: open('Configurations of session affinity.'),
    ipFamilies: strings('IP families of the service.'),
    ipFamilyPolicy: str('Dual-stack-ness of the service.'),
    allocateLoadBalancerNodePorts: bool(
      'Whether node ports are allocated for a LoadBalancer.',
    ),
    loadBalancerClass: str('The class of the load balancer implementation.'),
    internalTrafficPolicy: str(
      'How nodes distribute service traffic they receive on the ClusterIP.',
    ),
    trafficDistribution: str(
      'How traffic is distributed to service endpoints.',
    ),
  },
);

const POLICY_RULE = object(
  'PolicyRule holds information that describes a policy rule.',
  {
    verbs: strings('Verbs that apply to all resources in this rule.'),
    apiGroups: strings('API groups of the resources.'),
    resources: strings('Resources this rule applies to.'),
    resourceNames: strings('An optional list of names the rule applies to.'),
    nonResourceURLs: strings('Partial URLs a user may access.'),
  },
);

const BINDING = {
  subjects: list(
    object('Subject: a user, group or service account.', {
      kind: str('User, Group or ServiceAccount.'),
      apiGroup: str('API group of the subject.'),
      name: str('Name of the subject.'),
      namespace: str('Namespace of a ServiceAccount subject.'),
    }),
    'The identities the role applies to.',
  ),
  roleRef: object(
    'RoleRef contains information that points to the role being used.',
    {
      apiGroup: str('API group of the referenced role.'),
      kind: str('Role or ClusterRole.'),
      name: str('Name of the role.'),
    },
  ),
};

/** The schemas by `group/version/kind` (core: `/v1/Kind`), without apiVersion, kind and metadata. */
export const BUILTIN_SCHEMAS: Record<string, Schema> = {
  '/v1/Namespace': object('Namespace provides a scope for Names.', {
    spec: object('The behavior of the Namespace.', {
      finalizers: strings(
        'Finalizers that must be empty before the namespace is removed.',
      ),
    }),
    status: open('The current status of the Namespace.'),
  }),
  '/v1/ConfigMap': object(
    'ConfigMap holds configuration data for pods to consume.',
    {
      data: stringMap('The configuration data.'),
      binaryData: stringMap('Binary configuration data, base64.'),
      immutable: bool('If true, the data cannot be updated.'),
    },
  ),
  '/v1/Secret': object('Secret holds secret data of a certain type.', {
    data: stringMap('The secret data, base64.'),
    stringData: stringMap(
      'Write-only convenience field: non-binary secret data as strings.',
    ),
    type: str(
      'Used to facilitate programmatic handling of secret data (default Opaque).',
    ),
    immutable: bool('If true, the data cannot be updated.'),
  }),
  '/v1/ServiceAccount': object(
    'ServiceAccount binds together a name, principal and secrets.',
    {
      secrets: list(open('ObjectReference'), 'Secrets of the service account.'),
      imagePullSecrets: list(
        open('LocalObjectReference'),
        'Secrets for pulling images.',
      ),
      automountServiceAccountToken: bool(
        'Whether pods mount its token automatically.',
      ),
    },
  ),
  '/v1/Pod': object(
    'Pod is a collection of containers that can run on a host.',
    {
      spec: POD_SPEC,
      status: open('Most recently observed status of the pod.'),
    },
  ),
  '/v1/Service': object('Service is a named abstraction of software service.', {
    spec: SERVICE_SPEC,
    status: open('Most recently observed status of the service.'),
  }),
  '/v1/PersistentVolumeClaim': object(
    "PersistentVolumeClaim is a user's request for and claim to a persistent volume.",
    {
      spec: open('The desired characteristics of a volume.'),
      status: open('The current status of the claim.'),
    },
  ),
  '/v1/Event': object(
    'Event is a report of an event somewhere in the cluster.',
    {
      involvedObject: open('The object this event is about.'),
      reason: str('A short, machine understandable string.'),
      message: str('A human-readable description.'),
      source: open('The component reporting this event.'),
      firstTimestamp: str('The time at which the event was first recorded.'),
      lastTimestamp: str(
        'The time at which the most recent occurrence was recorded.',
      ),
      count: int('The number of times this event has occurred.'),
      type: str('Normal or Warning.'),
      eventTime: str('Time when this Event was first observed.'),
      series: open('Data about the event series.'),
      action: str('What action was taken.'),
      related: open('Optional secondary object.'),
      reportingComponent: str(
        'Name of the controller that emitted this Event.',
      ),
      reportingInstance: str('ID of the controller instance.'),
    },
  ),
  'apps/v1/Deployment': object(
    'Deployment enables declarative updates for Pods and ReplicaSets.',
    {
      spec: object('Specification of the desired behavior of the Deployment.', {
        replicas: int('Number of desired pods.'),
        selector: LABEL_SELECTOR,
        template: object('Template describes the pods that will be created.', {
          metadata: {
            allOf: [{ $ref: `#/components/schemas/${OBJECT_META_REF}` }],
            description: "Pods' metadata.",
          },
          spec: POD_SPEC,
        }),
        strategy: open(
          'The deployment strategy to use to replace existing pods with new ones.',
        ),
        minReadySeconds: int(
          'Seconds a new pod must be ready to be considered available.',
        ),
        revisionHistoryLimit: int('The number of old ReplicaSets to retain.'),
        paused: bool('Indicates that the deployment is paused.'),
        progressDeadlineSeconds: int(
          'Seconds for the deployment to make progress before it is considered failed.',
        ),
      }),
      status: open('Most recently observed status of the Deployment.'),
    },
  ),
  'policy/v1/PodDisruptionBudget': object(
    'PodDisruptionBudget limits the number of pods of an application that are down simultaneously.',
    {
      spec: open(
        'Specification of the desired behavior of the PodDisruptionBudget.',
      ),
      status: open('Most recently observed status of the PodDisruptionBudget.'),
    },
  ),
  'rbac.authorization.k8s.io/v1/Role': object(
    'Role is a namespaced, logical grouping of PolicyRules.',
    {
      rules: list(POLICY_RULE, 'All the PolicyRules for this Role.'),
    },
  ),
  'rbac.authorization.k8s.io/v1/ClusterRole': object(
    'ClusterRole is a cluster level, logical grouping of PolicyRules.',
    {
      rules: list(POLICY_RULE, 'All the PolicyRules for this ClusterRole.'),
      aggregationRule: open('How to build the Rules for this ClusterRole.'),
    },
  ),
  'rbac.authorization.k8s.io/v1/RoleBinding': object(
    'RoleBinding references a role and binds it to subjects in a namespace.',
    BINDING,
  ),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': object(
    'ClusterRoleBinding references a ClusterRole and binds it to subjects.',
    BINDING,
  ),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': object(
    'CustomResourceDefinition represents a resource that should be exposed on the API server.',
    {
      spec: open('Describes how the user wants the resources to appear.'),
      status: open('The actual state of the CustomResourceDefinition.'),
    },
  ),
};
