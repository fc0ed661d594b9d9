import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  RequestDetails,
  RequestValidationContext,
  RequestValidator,
} from '@backstage/plugin-events-node';
import { createHmac, timingSafeEqual } from 'crypto';

// Gitea sends X-Gitea-Signature; Forgejo sends X-Forgejo-Signature (and,
// for compatibility, X-Gitea-Signature with the same value).
const SIGNATURE_HEADERS = ['x-gitea-signature', 'x-forgejo-signature'];
const DELIVERY_HEADERS = ['x-gitea-delivery', 'x-forgejo-delivery'];

/**
 * Creates a validator for Gitea and Forgejo webhook requests: the
 * `X-Gitea-Signature` or `X-Forgejo-Signature` header must hold the
 * lowercase hex HMAC-SHA256 of the raw request body, keyed with
 * `events.modules.gitea.webhookSecret`.
 *
 * Returns `undefined` when no secret is configured.
 */
export function createGiteaSignatureValidator(options: {
  config: Config;
  logger: LoggerService;
  topic: string;
}): RequestValidator | undefined {
  const { config, logger, topic } = options;
  const secret = config.getOptionalString('events.modules.gitea.webhookSecret');
  // An empty secret is as good as none: anyone can compute its HMAC.
  if (!secret?.trim()) {
    return undefined;
  }

  return async (request: RequestDetails, context: RequestValidationContext) => {
    const reason = checkSignature(request, secret);
    if (!reason) {
      return;
    }
    // Never log the secret or the signature; the delivery id lets operators
    // find the attempt in the forge's webhook history.
    logger.warn(`Rejected webhook request on topic ${topic}: ${reason}`, {
      topic,
      deliveryId: firstHeader(request, DELIVERY_HEADERS) ?? null,
      reason,
    });
    context.reject({ status: 403, payload: { message: 'invalid signature' } });
  };
}

function checkSignature(
  request: RequestDetails,
  secret: string,
): string | undefined {
  const signatures = SIGNATURE_HEADERS.map(
    name => request.headers[name],
  ).filter(value => value !== undefined);
  if (signatures.length === 0) {
    return 'missing signature';
  }

  const body = request.raw.body;
  if (!Buffer.isBuffer(body)) {
    return 'signature mismatch';
  }
  // HMAC over the bytes as received: decoding and re-encoding could change them.
  const expected = Buffer.from(
    createHmac('sha256', secret).update(body).digest('hex'),
  );
  // Every signature header sent must match, so that no header goes unchecked.
  const allMatch = signatures.every(signature => {
    if (typeof signature !== 'string') {
      return false;
    }
    const actual = Buffer.from(signature);
    // timingSafeEqual throws on unequal lengths; the length of a hex digest
    // is no secret.
    return (
      actual.length === expected.length && timingSafeEqual(actual, expected)
    );
  });
  return allMatch ? undefined : 'signature mismatch';
}

function firstHeader(
  request: RequestDetails,
  names: string[],
): string | undefined {
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === 'string') {
      return value;
    }
  }
  return undefined;
}
