import type { KubernetesObject } from '../tekton/types';
import type { RepositoryFile } from './types';

/** A Kubernetes object found in a repository file. */
export interface LocatedResource {
  file: string;
  object: KubernetesObject;
  kind: string;
  name: string;
}

export function isKubernetesObject(
  value: unknown,
): value is KubernetesObject & { kind: string } {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as KubernetesObject).kind === 'string'
  );
}

/** Every Kubernetes object in the files, `List` items unwrapped. */
export function collectResources(files: RepositoryFile[]): LocatedResource[] {
  const found: LocatedResource[] = [];
  const add = (file: string, value: unknown) => {
    if (!isKubernetesObject(value)) return;
    if (value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) add(file, item);
      return;
    }
    found.push({
      file,
      object: value,
      kind: value.kind,
      name: value.metadata?.name ?? value.metadata?.generateName ?? '(unnamed)',
    });
  };
  for (const file of files) {
    for (const document of file.documents) add(file.path, document);
  }
  return found;
}

export function resourceId(resource: LocatedResource): string {
  return `${resource.kind}/${resource.name}`;
}
