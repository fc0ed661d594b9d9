import http from 'http';
import https from 'https';
import type { Writable } from 'stream';
import type { KubeConfig } from '@kubernetes/client-node';

/** An error answer of the API server (its code, and the start of its body). */
export class PodLogError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'PodLogError';
  }
}

/**
 * Follows a container's log (`pods/<pod>/log?follow=true`) into `out` until the container
 * ends, or until `out` closes (the browser went away), which ends the request to the API
 * server at once: also before the server has answered, which client-node's Log cannot do (its
 * abort controller comes back only with the answer, and a quiet step sends none).
 */
export async function followPodLog(
  kubeConfig: KubeConfig,
  target: { namespace: string; pod: string; container: string },
  out: Writable,
): Promise<void> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig names no current cluster');
  const url = new URL(
    `${cluster.server.replace(
      /\/+$/,
      '',
    )}/api/v1/namespaces/${encodeURIComponent(
      target.namespace,
    )}/pods/${encodeURIComponent(target.pod)}/log`,
  );
  url.searchParams.set('container', target.container);
  url.searchParams.set('follow', 'true');
  const options: https.RequestOptions = { method: 'GET', headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  if (out.destroyed || out.writableEnded) return;

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve();
    };
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      options,
      response => {
        if (response.statusCode !== 200) {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (body.length < 4096) body += chunk;
          });
          response.on('end', () => {
            let message = body.slice(0, 500);
            try {
              message = JSON.parse(body).message ?? message;
            } catch {
              // not a Status object: keep the text
            }
            settle(new PodLogError(response.statusCode ?? 500, message));
          });
          return;
        }
        response.on('error', error => settle(error));
        response.on('end', () => settle());
        response.pipe(out);
      },
    );
    request.on('error', error => settle(error));
    // The browser went away: end the request to the API server with it.
    out.on('close', () => {
      request.destroy();
      settle();
    });
    request.end();
  });
}
