import type { ObjectStore } from './ObjectStore';
import { ResourceType, groupVersionOf } from './resourceTypes';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function resourceEntries(type: ResourceType) {
  const entries: any[] = [
    {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
      shortNames: type.shortNames,
      categories: type.categories,
    },
  ];
  if (type.statusSubresource) {
    entries.push({
      name: `${type.plural}/status`,
      singularName: '',
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (type.kind === 'Pod' && !type.group) {
    entries.push({
      name: 'pods/log',
      singularName: '',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get'],
    });
  }
  return entries;
}

export function versionInfo() {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-tekton-dag-local',
    gitCommit: 'local',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'n/a',
    compiler: 'node',
    platform: `${process.platform}/${process.arch}`,
  };
}

export function coreVersions(address: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: address },
    ],
  };
}

function groupsOf(store: ObjectStore) {
  const groups = new Map<string, Set<string>>();
  for (const type of store.allTypes()) {
    if (!type.group) continue;
    groups.set(
      type.group,
      (groups.get(type.group) ?? new Set()).add(type.version),
    );
  }
  return groups;
}

export function apiGroupList(store: ObjectStore) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupsOf(store).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, versions]) => {
        const list = [...versions].map(v => ({
          groupVersion: `${name}/${v}`,
          version: v,
        }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
  };
}

export function apiGroup(store: ObjectStore, group: string) {
  return apiGroupList(store).groups.find(g => g.name === group);
}

export function apiResourceList(
  store: ObjectStore,
  group: string,
  groupVersion: string,
) {
  const types = store
    .allTypes()
    .filter(t => t.group === group && t.version === groupVersion);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionOf(types[0]),
    resources: types.flatMap(resourceEntries),
  };
}
