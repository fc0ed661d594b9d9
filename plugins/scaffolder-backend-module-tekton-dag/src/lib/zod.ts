import { InputError } from '@backstage/errors';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod';

type InputSchemas = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>;

/** The zod the scaffolder hands to schema callbacks (`zod/v3` of its own zod). */
export type ZodImpl = Parameters<
  Extract<InputSchemas, Record<string, any>>[string]
>[0];

/**
 * Checks an action's input against its schema, as the scaffolder does before it calls the
 * handler (unknown keys included), so that direct calls and the tests of the examples get the
 * same checks. The schema is built with this package's zod 3, which has the same API.
 */
export function assertValidInput(
  schema: (z: ZodImpl) => unknown,
  input: unknown,
): void {
  const built = schema(zod as unknown as ZodImpl) as zod.AnyZodObject;
  const result = built.strict().safeParse(input);
  if (!result.success) {
    throw new InputError(
      `Invalid input: ${result.error.issues
        .map(i => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
        .join('; ')}`,
    );
  }
}
