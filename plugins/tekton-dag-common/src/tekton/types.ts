/**
 * The parts of Tekton's `tekton.dev/v1` resources that tekton-dag reads. Unknown fields are
 * allowed everywhere: Tekton keeps adding them and we pass them through untouched.
 */

export type ParamType = 'string' | 'array' | 'object';

export type ParamValue = string | string[] | Record<string, string>;

export interface ParamSpec {
  name: string;
  type?: ParamType;
  description?: string;
  default?: ParamValue;
  properties?: Record<string, { type?: 'string' }>;
  enum?: string[];
}

export interface Param {
  name: string;
  value: ParamValue;
}

export interface ResultSpec {
  name: string;
  type?: ParamType;
  description?: string;
}

export interface WorkspaceDeclaration {
  name: string;
  description?: string;
  optional?: boolean;
  readOnly?: boolean;
  mountPath?: string;
}

export interface WorkspacePipelineTaskBinding {
  name: string;
  workspace?: string;
  subPath?: string;
}

export interface WhenExpression {
  input?: string;
  operator?: 'in' | 'notin';
  values?: string[];
  cel?: string;
}

export interface Step {
  name?: string;
  image?: string;
  script?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  [key: string]: unknown;
}

export interface TaskSpec {
  description?: string;
  params?: ParamSpec[];
  results?: ResultSpec[];
  workspaces?: WorkspaceDeclaration[];
  steps?: Step[];
  [key: string]: unknown;
}

export interface TaskRef {
  name?: string;
  kind?: string;
  resolver?: string;
  params?: Param[];
}

export interface Matrix {
  params?: Param[];
  include?: Array<{ name?: string; params?: Param[] }>;
}

export interface PipelineTask {
  name: string;
  displayName?: string;
  description?: string;
  taskRef?: TaskRef;
  taskSpec?: TaskSpec;
  runAfter?: string[];
  params?: Param[];
  matrix?: Matrix;
  workspaces?: WorkspacePipelineTaskBinding[];
  when?: WhenExpression[];
  retries?: number;
  timeout?: string;
  [key: string]: unknown;
}

export interface PipelineSpec {
  description?: string;
  params?: ParamSpec[];
  workspaces?: WorkspaceDeclaration[];
  results?: Array<{ name: string; value: ParamValue; description?: string }>;
  tasks?: PipelineTask[];
  finally?: PipelineTask[];
  [key: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Any Kubernetes object as parsed from YAML or returned by the API. */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  [key: string]: unknown;
}

export interface TektonTask extends KubernetesObject {
  kind: 'Task';
  spec: TaskSpec;
}

export interface TektonPipeline extends KubernetesObject {
  kind: 'Pipeline';
  spec: PipelineSpec;
}

export const TEKTON_API_VERSION = 'tekton.dev/v1';
export const TEKTON_TRIGGERS_API_VERSION = 'triggers.tekton.dev/v1beta1';
export const ARGOCD_API_VERSION = 'argoproj.io/v1alpha1';
