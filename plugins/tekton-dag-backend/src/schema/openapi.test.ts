import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { createRouter } from '../router';

/** Every route the router serves is in the OpenAPI document, and nothing more. */
describe('the OpenAPI document', () => {
  it('describes exactly the routes of the router', async () => {
    const document = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    )
      .flatMap(([route, operations]) =>
        Object.keys(operations).map(method => `${method} ${route}`),
      )
      .sort();

    // Registering the handlers touches none of their services.
    const router: any = await createRouter({ reports: {} } as any);
    const served = router.stack
      .filter((layer: any) => layer.route)
      .flatMap((layer: any) =>
        Object.keys(layer.route.methods).map(
          method => `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      .sort();
    expect(documented).toEqual(served);
  });
});
