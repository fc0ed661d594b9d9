import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { LogStore } from './LogStore';

/** A step after substitution, ready to run as a local process. */
/**
 * What a step sees of the host's environment: enough to find its tools, nothing more. A
 * container inherits nothing from its node; here the host's tokens, NODE_OPTIONS, or a test
 * runner's NODE_TEST_CONTEXT (which makes a step's `node --test` skip every file) must not
 * leak into steps either.
 */
const HOST_VARIABLES = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

export function hostEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of HOST_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export interface ResolvedStep {
  name: string;
  image?: string;
  script?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env: Record<string, string>;
}

export interface StepOutcome {
  name: string;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  /** Terminated by cancellation or timeout rather than by itself. */
  aborted: boolean;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Runs a TaskRun's steps one after another as local processes: the container image is
 * recorded but not used. Output goes to the pod's `step-<name>` container log. A step that
 * fails ends the task; an abort (cancel, timeout) kills the running step's process group.
 */
export async function runSteps(options: {
  steps: ResolvedStep[];
  namespace: string;
  podName: string;
  /** Scratch folder of this attempt: scripts and the default working directory. */
  dir: string;
  logs: LogStore;
  signal: AbortSignal;
  /** The container whose log a step writes; default `step-<name>` (Tekton's naming). */
  containerOf?: (step: ResolvedStep) => string;
  onStepStart?: (index: number, startedAt: string) => void;
  onStepEnd?: (index: number, outcome: StepOutcome) => void;
}): Promise<StepOutcome[]> {
  const { steps, namespace, podName, dir, logs, signal } = options;
  const outcomes: StepOutcome[] = [];
  const workDir = path.join(dir, 'workspace');
  const home = path.join(dir, 'home');
  fs.mkdirSync(workDir, { recursive: true });
  fs.mkdirSync(home, { recursive: true });

  for (const [index, step] of steps.entries()) {
    if (signal.aborted) break;
    const startedAt = now();
    options.onStepStart?.(index, startedAt);
    const log = logs.writer(
      namespace,
      podName,
      options.containerOf?.(step) ?? `step-${step.name}`,
    );
    let file: string;
    let args: string[];
    if (step.script !== undefined) {
      const scriptFile = path.join(dir, 'scripts', `${index}-${step.name}`);
      fs.mkdirSync(path.dirname(scriptFile), { recursive: true });
      fs.writeFileSync(scriptFile, step.script, { mode: 0o755 });
      // A script with a shebang runs with its interpreter; without one, with sh, as in Tekton.
      [file, args] = step.script.startsWith('#!')
        ? [scriptFile, step.args ?? []]
        : ['sh', [scriptFile, ...(step.args ?? [])]];
    } else {
      const [command, ...rest] = [
        ...(step.command ?? []),
        ...(step.args ?? []),
      ];
      if (!command) {
        log.write(`step ${step.name} has neither script nor command\n`);
        log.end();
        outcomes.push({
          name: step.name,
          exitCode: 1,
          startedAt,
          finishedAt: now(),
          aborted: false,
        });
        options.onStepEnd?.(index, outcomes[outcomes.length - 1]);
        break;
      }
      [file, args] = [command, rest];
    }
    const cwd =
      step.workingDir && fs.existsSync(step.workingDir)
        ? step.workingDir
        : workDir;
    const exitCode = await new Promise<number>(resolve => {
      const child = spawn(file, args, {
        cwd,
        env: { ...hostEnvironment(), HOME: home, ...step.env },
        detached: true, // its own process group, so that an abort stops what it started too
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', chunk => log.write(chunk));
      child.stderr.on('data', chunk => log.write(chunk));
      const signalGroup = (name: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, name);
        } catch {
          // The group may not exist yet (the child has not called setsid): signal the child.
          try {
            child.kill(name);
          } catch {
            // already gone
          }
        }
      };
      const kill = () => {
        signalGroup('SIGTERM');
        // Whatever ignored SIGTERM or started meanwhile goes too.
        setTimeout(() => signalGroup('SIGKILL'), 1000).unref();
      };
      signal.addEventListener('abort', kill, { once: true });
      child.on('error', error => {
        log.write(`failed to start step ${step.name}: ${error.message}\n`);
      });
      child.on('close', (code, killedBy) => {
        signal.removeEventListener('abort', kill);
        resolve(code ?? (killedBy ? 137 : 1));
      });
    });
    log.end();
    const outcome = {
      name: step.name,
      exitCode,
      startedAt,
      finishedAt: now(),
      aborted: signal.aborted,
    };
    outcomes.push(outcome);
    options.onStepEnd?.(index, outcome);
    if (exitCode !== 0) break;
  }
  return outcomes;
}
