import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildPipelineDag, dagLevels } from '../dag';
import type { PipelineSpec } from '../tekton/types';
import {
  formatValidationProblems,
  validateGitOpsRepository,
} from './validateGitOpsRepository';
import type { RepositoryFile } from './types';

const repoRoot = path.resolve(__dirname, '../../../..');

/** Reads and parses every YAML file below the given folders of the repository. */
function readYamlFiles(...dirs: string[]): RepositoryFile[] {
  const files: RepositoryFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(repoRoot, dir), {
      withFileTypes: true,
    })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (/\.ya?ml$/.test(entry.name)) {
        const text = fs.readFileSync(path.join(repoRoot, relative), 'utf8');
        const documents = parseAllDocuments(text);
        for (const doc of documents) {
          if (doc.errors.length) {
            throw new Error(
              `${relative}: ${doc.errors.map(e => e.message).join('; ')}`,
            );
          }
        }
        files.push({ path: relative, documents: documents.map(d => d.toJS()) });
      } else {
        files.push({ path: relative, documents: [] });
      }
    }
  };
  dirs.forEach(walk);
  return files;
}

describe('the GitOps content of this repository', () => {
  const files = readYamlFiles('tekton', 'argocd', 'examples/shop');

  it('parses and passes every check', () => {
    expect(files.filter(f => f.path.endsWith('.yaml')).length).toBeGreaterThan(
      20,
    );
    const problems = validateGitOpsRepository(files);
    expect(formatValidationProblems(problems)).toBe('');
  });

  it("has the seed's pull request DAG", () => {
    const pipeline = files
      .flatMap(f => f.documents as any[])
      .find(d => d?.kind === 'Pipeline' && d.metadata.name === 'pr-pipeline');
    const dag = buildPipelineDag(pipeline.spec as PipelineSpec);
    expect(dagLevels(dag)).toEqual([
      ['clone'],
      ['build'],
      ['unit-tests'],
      ['integration-tests', 'security-scan'],
      ['deploy-preview'],
    ]);
    expect(dag.nodes.filter(n => n.finally).map(n => n.name)).toEqual([
      'publish-results',
    ]);
  });

  it("installs in the seed's sync waves", () => {
    const waves = files
      .filter(f => f.path.startsWith('argocd/applications/'))
      .flatMap(f => f.documents as any[])
      .filter(d => d.kind === 'Application')
      .map(d => [
        d.metadata.annotations['argocd.argoproj.io/sync-wave'],
        d.spec.source.path,
      ]);
    expect(waves.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      ['-1', 'argocd/tekton-crds'],
      ['0', 'argocd/rbac'],
      ['1', 'tekton/tasks'],
      ['2', 'tekton/pipelines'],
      ['3', 'tekton/triggers'],
      ['4', 'argocd/tekton-dag'],
    ]);
  });
});
