import fs from 'fs';
import path from 'path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { RepositoryFile } from '@tekton-dag/plugin-tekton-dag-common';
import { Document, parseAllDocuments } from 'yaml';

const YAML_FILE = /\.ya?ml$/;

/** A path inside the workspace, as given in an action input, with `/` separators and no `./`. */
export function normalizeRelativePath(relative: string): string {
  return path.posix
    .normalize(relative.replace(/\\/g, '/'))
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
}

/**
 * The absolute path of a path inside the workspace; a path that leaves the workspace
 * (`../`, absolute paths) is refused.
 */
export function workspaceFile(workspacePath: string, relative: string): string {
  return resolveSafeChildPath(workspacePath, normalizeRelativePath(relative));
}

/** Parses a YAML file into its documents; a syntax error names the file and the line. */
export function parseYaml(text: string, label: string): unknown[] {
  const documents = parseAllDocuments(text);
  const errors = documents.flatMap(d => d.errors);
  if (errors.length > 0) {
    throw new InputError(
      `${label} is not valid YAML: ${errors.map(e => e.message).join('; ')}`,
    );
  }
  return documents
    .map(d => d.toJS())
    .filter(d => d !== null && d !== undefined);
}

/**
 * Every YAML file below `dir` (or `dir` itself when it is a file), sorted, skipping hidden folders
 * and node_modules. `label` is how the files are named in messages: `label/relative/path.yaml`.
 */
export function readYamlFiles(dir: string, label: string): RepositoryFile[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) {
    return [
      {
        path: label,
        documents: parseYaml(fs.readFileSync(dir, 'utf8'), label),
      },
    ];
  }
  const files: RepositoryFile[] = [];
  const walk = (absolute: string, relative: string) => {
    const entries = fs
      .readdirSync(absolute, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const childLabel = relative ? `${relative}/${entry.name}` : entry.name;
      const child = path.join(absolute, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules')
          walk(child, childLabel);
      } else if (YAML_FILE.test(entry.name)) {
        const name =
          label && label !== '.' ? `${label}/${childLabel}` : childLabel;
        files.push({
          path: name,
          documents: parseYaml(fs.readFileSync(child, 'utf8'), name),
        });
      }
    }
  };
  walk(dir, '');
  return files;
}

/** A Kubernetes object as YAML, with an optional comment on top, as the repository writes them. */
export function toYaml(object: unknown, comment?: string): string {
  const document = new Document(object);
  if (comment) document.commentBefore = ` ${comment.replace(/\n/g, '\n ')}`;
  return document.toString({ lineWidth: 0 });
}

/**
 * Writes files into the workspace. A file that exists with other content is refused unless
 * `overwrite`; one with the same content is left alone, so a retried step succeeds.
 */
export function writeWorkspaceFiles(
  workspacePath: string,
  files: Array<{ path: string; content: string }>,
  overwrite: boolean,
) {
  const targets = files.map(file => ({
    ...file,
    absolute: workspaceFile(workspacePath, file.path),
  }));
  if (!overwrite) {
    for (const target of targets) {
      if (
        fs.existsSync(target.absolute) &&
        fs.readFileSync(target.absolute, 'utf8') !== target.content
      ) {
        throw new InputError(
          `${target.path} already exists in the workspace with other content; set overwrite: true to replace it`,
        );
      }
    }
  }
  for (const target of targets) {
    fs.mkdirSync(path.dirname(target.absolute), { recursive: true });
    fs.writeFileSync(target.absolute, target.content, 'utf8');
  }
}
