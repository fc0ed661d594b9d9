import fs from 'fs';
import path from 'path';
import { generate } from 'selfsigned';

export interface ServingCertificate {
  key: string;
  cert: string;
}

/**
 * The API server's TLS certificate for 127.0.0.1 and localhost, self-signed and kept in `dir`
 * so that restarts keep the kubeconfig's CA valid. TLS is not optional: kubectl (client-go)
 * only sends bearer tokens over TLS.
 */
export async function loadOrCreateServingCertificate(
  dir: string,
): Promise<ServingCertificate> {
  const keyFile = path.join(dir, 'apiserver.key');
  const certFile = path.join(dir, 'apiserver.crt');
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
    return {
      key: fs.readFileSync(keyFile, 'utf8'),
      cert: fs.readFileSync(certFile, 'utf8'),
    };
  }
  const notAfterDate = new Date();
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 10);
  const pems = await generate(
    [{ name: 'commonName', value: 'tekton-dag-local-cluster' }],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          digitalSignature: true,
          keyCertSign: true,
          critical: true,
        },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    },
  );
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert };
}
