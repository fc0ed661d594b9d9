import type { IField, IMapField, INamespace } from 'protobufjs';

/*
 * Protobuf descriptors of the built-in kinds kubectl's typed commands send (create namespace,
 * secret, configmap, serviceaccount, role, rolebinding, service, deployment; run), written from
 * the field numbers of Kubernetes' generated.proto files (k8s.io/apimachinery meta/v1 and
 * runtime, k8s.io/api core/v1, apps/v1 and rbac/v1). Only the fields those objects use are declared: protobuf
 * skips the others, and a kind not listed here is refused with a clear message.
 */

type Fields = Record<string, IField | IMapField>;

const string = (id: number): IField => ({ type: 'string', id });
const strings = (id: number): IField => ({
  type: 'string',
  id,
  rule: 'repeated',
});
const int32 = (id: number): IField => ({ type: 'int32', id });
const int64 = (id: number): IField => ({ type: 'int64', id });
const bool = (id: number): IField => ({ type: 'bool', id });
const message = (type: string, id: number): IField => ({ type, id });
const messages = (type: string, id: number): IField => ({
  type,
  id,
  rule: 'repeated',
});
const stringMap = (id: number): IMapField => ({
  keyType: 'string',
  type: 'string',
  id,
});
const bytesMap = (id: number): IMapField => ({
  keyType: 'string',
  type: 'bytes',
  id,
});

const types: Record<string, Fields> = {
  // k8s.io/apimachinery/pkg/runtime
  Unknown: {
    typeMeta: message('TypeMeta', 1),
    raw: { type: 'bytes', id: 2 },
    contentEncoding: string(3),
    contentType: string(4),
  },
  TypeMeta: { apiVersion: string(1), kind: string(2) },

  // k8s.io/apimachinery/pkg/apis/meta/v1
  Time: { seconds: int64(1), nanos: int32(2) },
  ObjectMeta: {
    name: string(1),
    generateName: string(2),
    namespace: string(3),
    uid: string(5),
    resourceVersion: string(6),
    generation: int64(7),
    creationTimestamp: message('Time', 8),
    labels: stringMap(11),
    annotations: stringMap(12),
    ownerReferences: messages('OwnerReference', 13),
    finalizers: strings(14),
  },
  OwnerReference: {
    kind: string(1),
    name: string(3),
    uid: string(4),
    apiVersion: string(5),
    controller: bool(6),
    blockOwnerDeletion: bool(7),
  },
  IntOrString: { type: int64(1), intVal: int32(2), strVal: string(3) },
  Quantity: { string: string(1) },

  // k8s.io/api/core/v1
  Namespace: {
    metadata: message('ObjectMeta', 1),
    spec: message('NamespaceSpec', 2),
  },
  NamespaceSpec: { finalizers: strings(1) },
  ConfigMap: {
    metadata: message('ObjectMeta', 1),
    data: stringMap(2),
    binaryData: bytesMap(3),
    immutable: bool(4),
  },
  Secret: {
    metadata: message('ObjectMeta', 1),
    data: bytesMap(2),
    type: string(3),
    stringData: stringMap(4),
    immutable: bool(5),
  },
  ServiceAccount: {
    metadata: message('ObjectMeta', 1),
    secrets: messages('ObjectReference', 2),
    imagePullSecrets: messages('LocalObjectReference', 3),
    automountServiceAccountToken: bool(4),
  },
  ObjectReference: {
    kind: string(1),
    namespace: string(2),
    name: string(3),
    uid: string(4),
    apiVersion: string(5),
    resourceVersion: string(6),
    fieldPath: string(7),
  },
  LocalObjectReference: { name: string(1) },
  Service: {
    metadata: message('ObjectMeta', 1),
    spec: message('ServiceSpec', 2),
  },
  ServiceSpec: {
    ports: messages('ServicePort', 1),
    selector: stringMap(2),
    clusterIP: string(3),
    type: string(4),
    externalIPs: strings(5),
    sessionAffinity: string(7),
    externalName: string(10),
  },
  ServicePort: {
    name: string(1),
    protocol: string(2),
    port: int32(3),
    targetPort: message('IntOrString', 4),
    nodePort: int32(5),
    appProtocol: string(6),
  },
  Pod: {
    metadata: message('ObjectMeta', 1),
    spec: message('PodSpec', 2),
  },
  PodSpec: {
    containers: messages('Container', 2),
    restartPolicy: string(3),
    terminationGracePeriodSeconds: int64(4),
    activeDeadlineSeconds: int64(5),
    dnsPolicy: string(6),
    nodeSelector: stringMap(7),
    serviceAccountName: string(8),
    hostname: string(16),
  },
  Container: {
    name: string(1),
    image: string(2),
    command: strings(3),
    args: strings(4),
    workingDir: string(5),
    ports: messages('ContainerPort', 6),
    env: messages('EnvVar', 7),
    resources: message('ResourceRequirements', 8),
    imagePullPolicy: string(14),
    stdin: bool(16),
    stdinOnce: bool(17),
    tty: bool(18),
    terminationMessagePolicy: string(20),
  },
  ContainerPort: {
    name: string(1),
    hostPort: int32(2),
    containerPort: int32(3),
    protocol: string(4),
  },
  EnvVar: { name: string(1), value: string(2) },
  ResourceRequirements: {
    limits: { keyType: 'string', type: 'Quantity', id: 1 },
    requests: { keyType: 'string', type: 'Quantity', id: 2 },
  },

  PodTemplateSpec: {
    metadata: message('ObjectMeta', 1),
    spec: message('PodSpec', 2),
  },

  // k8s.io/apimachinery/pkg/apis/meta/v1
  LabelSelector: {
    matchLabels: stringMap(1),
    matchExpressions: messages('LabelSelectorRequirement', 2),
  },
  LabelSelectorRequirement: {
    key: string(1),
    operator: string(2),
    values: strings(3),
  },

  // k8s.io/api/apps/v1
  Deployment: {
    metadata: message('ObjectMeta', 1),
    spec: message('DeploymentSpec', 2),
  },
  DeploymentSpec: {
    replicas: int32(1),
    selector: message('LabelSelector', 2),
    template: message('PodTemplateSpec', 3),
    strategy: message('DeploymentStrategy', 4),
    minReadySeconds: int32(5),
    revisionHistoryLimit: int32(6),
    paused: bool(7),
    progressDeadlineSeconds: int32(9),
  },
  DeploymentStrategy: {
    type: string(1),
    rollingUpdate: message('RollingUpdateDeployment', 2),
  },
  RollingUpdateDeployment: {
    maxUnavailable: message('IntOrString', 1),
    maxSurge: message('IntOrString', 2),
  },

  // k8s.io/api/rbac/v1
  Role: {
    metadata: message('ObjectMeta', 1),
    rules: messages('PolicyRule', 2),
  },
  PolicyRule: {
    verbs: strings(1),
    apiGroups: strings(2),
    resources: strings(3),
    resourceNames: strings(4),
    nonResourceURLs: strings(5),
  },
  RoleBinding: {
    metadata: message('ObjectMeta', 1),
    subjects: messages('Subject', 2),
    roleRef: message('RoleRef', 3),
  },
  Subject: {
    kind: string(1),
    apiGroup: string(2),
    name: string(3),
    namespace: string(4),
  },
  RoleRef: { apiGroup: string(1), kind: string(2), name: string(3) },
};

/** The descriptors as a protobufjs namespace, under the package `k8s`. */
export const KUBERNETES_MESSAGES: INamespace = {
  nested: {
    k8s: {
      nested: Object.fromEntries(
        Object.entries(types).map(([name, fields]) => [name, { fields }]),
      ),
    },
  },
};

/** The kinds a protobuf body may hold, by `apiVersion/kind`, with their message type. */
export const DECODABLE_KINDS: Record<string, string> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'v1/Pod': 'Pod',
  'apps/v1/Deployment': 'Deployment',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
};
