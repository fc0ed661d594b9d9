import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  RequestDetails,
  RequestRejectionDetails,
  RequestValidationContext,
} from '@backstage/plugin-events-node';
import { createHmac } from 'crypto';
import { createGiteaSignatureValidator } from './createGiteaSignatureValidator';

const SECRET = 'xyz';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const signature = createHmac('sha256', SECRET).update(body).digest('hex');

function createValidator(webhookSecret?: string) {
  return createGiteaSignatureValidator({
    config: new ConfigReader({
      events: { modules: { gitea: { webhookSecret } } },
    }),
    logger: mockServices.logger.mock(),
    topic: 'gitea',
  });
}

async function validate(headers: RequestDetails['headers']) {
  const validator = createValidator(SECRET);
  let rejection: RequestRejectionDetails | undefined;
  const context: RequestValidationContext = {
    reject: details => {
      rejection = { status: 403, payload: {}, ...details };
    },
  };
  await validator!(
    {
      body: JSON.parse(body.toString()),
      headers,
      raw: { body, encoding: 'utf-8' },
    },
    context,
  );
  return rejection;
}

describe('createGiteaSignatureValidator', () => {
  it('is not created without a secret, or with a blank one', () => {
    expect(createValidator(undefined)).toBeUndefined();
    expect(createValidator('  ')).toBeUndefined();
    // Backstage's config reader refuses empty strings outright.
    expect(() => createValidator('')).toThrow(/got empty-string/);
  });

  it('accepts Forgejo requests, which carry the signature twice', async () => {
    await expect(
      validate({
        'x-forgejo-signature': signature,
        'x-gitea-signature': signature,
      }),
    ).resolves.toBeUndefined();
  });

  it('rejects when any of the signature headers is wrong', async () => {
    await expect(
      validate({
        'x-forgejo-signature': signature,
        'x-gitea-signature': '0'.repeat(64),
      }),
    ).resolves.toEqual({
      status: 403,
      payload: { message: 'invalid signature' },
    });
  });

  it.each([
    ['upper case', signature.toUpperCase()],
    ['a prefix', `sha256=${signature}`],
    ['a truncated value', signature.slice(0, 63)],
    ['an empty value', ''],
    ['a repeated header', [signature, signature]],
  ])('rejects %s', async (_, value) => {
    await expect(validate({ 'x-gitea-signature': value })).resolves.toEqual({
      status: 403,
      payload: { message: 'invalid signature' },
    });
  });
});
