import fs from 'fs';
import path from 'path';
import type { ServerResponse } from 'http';
import { badRequest } from '../apiserver/errors';
import type { PodLogRequest, PodLogSource } from '../apiserver/ApiServer';

/** One container's log being written: output is split into timestamped lines. */
export interface LogWriter {
  write(chunk: Buffer | string): void;
  end(): void;
}

/**
 * Container logs on disk, one file per container, each line stored with its timestamp so that
 * `kubectl logs --timestamps` and `tailLines` work. Serves `pods/<name>/log`, following a
 * running container until it terminates.
 */
export class LogStore implements PodLogSource {
  private following = 0;

  constructor(
    private readonly dir: string,
    /** Whether a container may still write: follow stops once this says no. */
    private readonly isRunning: (
      namespace: string,
      pod: string,
      container: string,
    ) => boolean,
  ) {}

  private file(namespace: string, pod: string, container: string) {
    return path.join(this.dir, namespace, pod, `${container}.log`);
  }

  writer(namespace: string, pod: string, container: string): LogWriter {
    const file = this.file(namespace, pod, container);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'a');
    let partial = '';
    const flush = (text: string) => {
      const stamped = text
        .split('\n')
        .map(line => `${new Date().toISOString()} ${line}\n`)
        .join('');
      fs.writeSync(fd, stamped);
    };
    return {
      write(chunk) {
        const text = partial + chunk.toString();
        const end = text.lastIndexOf('\n');
        if (end < 0) {
          partial = text;
          return;
        }
        flush(text.slice(0, end));
        partial = text.slice(end + 1);
      },
      end() {
        if (partial) flush(partial);
        partial = '';
        fs.closeSync(fd);
      },
    };
  }

  /** Follow requests (`pods/<name>/log?follow=true`) being served now: clients that did not hang up. */
  get openFollowStreams(): number {
    return this.following;
  }

  /** The whole log of a container, without timestamps (for tests and the demo). */
  read(namespace: string, pod: string, container: string): string {
    const file = this.file(namespace, pod, container);
    if (!fs.existsSync(file)) return '';
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => `${line.slice(line.indexOf(' ') + 1)}\n`)
      .join('');
  }

  async stream(request: PodLogRequest, res: ServerResponse): Promise<void> {
    const { namespace, pod } = request;
    const podName = pod.metadata.name;
    const containers: string[] = (pod.spec?.containers ?? []).map(
      (c: any) => c.name,
    );
    let container = request.container;
    if (!container) {
      if (containers.length !== 1) {
        throw badRequest(
          `a container name must be specified for pod ${podName}, choose one of: [${containers.join(
            ' ',
          )}]`,
        );
      }
      container = containers[0];
    }
    if (!containers.includes(container)) {
      throw badRequest(
        `container ${container} is not valid for pod ${podName}`,
      );
    }
    const file = this.file(namespace, podName, container);
    const format = (lines: string[]) =>
      lines
        .map(line =>
          request.timestamps
            ? `${line}\n`
            : `${line.slice(line.indexOf(' ') + 1)}\n`,
        )
        .join('');

    res.writeHead(200, { 'Content-Type': 'text/plain' });
    let offset = 0;
    let pending = '';
    const readNew = (first: boolean) => {
      if (!fs.existsSync(file)) return;
      const size = fs.statSync(file).size;
      if (size <= offset) return;
      const fd = fs.openSync(file, 'r');
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      fs.closeSync(fd);
      offset = size;
      const text = pending + buffer.toString('utf8');
      const end = text.lastIndexOf('\n');
      pending = text.slice(end + 1);
      let lines = text.slice(0, end).split('\n').filter(Boolean);
      if (first && request.tailLines !== undefined && request.tailLines >= 0) {
        lines = request.tailLines === 0 ? [] : lines.slice(-request.tailLines);
      }
      if (lines.length) res.write(format(lines));
    };
    readNew(true);
    if (!request.follow) {
      res.end();
      return;
    }
    this.following += 1;
    await new Promise<void>(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        this.following -= 1;
        clearInterval(timer);
        if (!res.writableEnded) res.end();
        resolve();
      };
      timer = setInterval(() => {
        const running = this.isRunning(namespace, podName, container!);
        readNew(false);
        if (!running) finish();
      }, 100);
      res.on('close', finish);
    });
  }
}
