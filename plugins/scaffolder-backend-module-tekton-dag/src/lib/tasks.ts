import fs from 'fs';
import path from 'path';
import type {
  RepositoryFile,
  TaskSpec,
} from '@tekton-dag/plugin-tekton-dag-common';
import { readYamlFiles } from './workspace';

/** The Tekton Tasks a new Pipeline may refer to, and where they were found. */
export interface KnownTasks {
  /** The files the Tasks are in, for the validator. */
  files: RepositoryFile[];
  /** Task specs by name: the workspace's win over the configured folder's. */
  specs: Map<string, TaskSpec>;
  /** The folders that were read, for messages. */
  sources: string[];
  /** The file of each Task that came from the configured folder (not the workspace). */
  configuredFiles: Map<string, string>;
}

function isTask(document: unknown): document is {
  kind: 'Task';
  metadata: { name: string };
  spec?: TaskSpec;
} {
  const object = document as Record<string, any> | undefined;
  return (
    object?.kind === 'Task' &&
    typeof object.apiVersion === 'string' &&
    object.apiVersion.startsWith('tekton.dev/') &&
    typeof object.metadata?.name === 'string'
  );
}

/**
 * Reads the Tasks of the workspace (`<targetPath>/tasks`, what the new repository ships) and of
 * the configured `tektonDag.scaffolder.tasksDir` (the Tasks installed from a shared repository).
 * A Task defined in both is taken from the workspace; only Task documents are kept.
 */
export function loadKnownTasks(options: {
  workspaceTasksDir?: { absolute: string; relative: string };
  configuredTasksDir?: string;
}): KnownTasks {
  const specs = new Map<string, TaskSpec>();
  const files: RepositoryFile[] = [];
  const sources: string[] = [];
  const configuredFiles = new Map<string, string>();
  const add = (
    found: RepositoryFile[],
    source: string,
    fileOf?: (label: string) => string,
  ) => {
    let any = false;
    for (const file of found) {
      const tasks = file.documents
        .filter(isTask)
        .filter(task => !specs.has(task.metadata.name));
      if (tasks.length === 0) continue;
      any = true;
      files.push({ path: file.path, documents: tasks });
      for (const task of tasks) {
        specs.set(task.metadata.name, task.spec ?? {});
        if (fileOf) configuredFiles.set(task.metadata.name, fileOf(file.path));
      }
    }
    if (any) sources.push(source);
  };
  const { workspaceTasksDir, configuredTasksDir } = options;
  if (workspaceTasksDir) {
    add(
      readYamlFiles(workspaceTasksDir.absolute, workspaceTasksDir.relative),
      `${workspaceTasksDir.relative} in the workspace`,
    );
  }
  if (configuredTasksDir) {
    const absolute = path.resolve(configuredTasksDir);
    if (fs.existsSync(absolute)) {
      // Labelled apart from workspace paths, so its problems are never taken for the new files'.
      const label = `tasksDir:${configuredTasksDir}`;
      add(
        readYamlFiles(absolute, label),
        `tektonDag.scaffolder.tasksDir (${absolute})`,
        file =>
          fs.statSync(absolute).isFile()
            ? absolute
            : path.join(absolute, file.slice(label.length + 1)),
      );
    }
  }
  return { files, specs, sources, configuredFiles };
}
