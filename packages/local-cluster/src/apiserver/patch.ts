import { badRequest, ApiError } from './errors';

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return patch;
  const result =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function unescapePointer(token: string) {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function walk(doc: any, path: string): { parent: any; key: string } {
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer "${path}"`);
  const tokens = path.slice(1).split('/').map(unescapePointer);
  let parent = doc;
  for (const token of tokens.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(token)] : parent?.[token];
    if (parent === undefined || parent === null || typeof parent !== 'object') {
      throw new ApiError(
        422,
        'Invalid',
        `JSON patch path "${path}" does not exist`,
      );
    }
  }
  return { parent, key: tokens[tokens.length - 1] };
}

/** RFC 6902 JSON patch: add, remove, replace, move, copy, test. */
export function jsonPatch(target: any, operations: any[]): any {
  if (!Array.isArray(operations))
    throw badRequest('a JSON patch must be an array of operations');
  const doc = structuredClone(target);
  const get = (path: string) => {
    const { parent, key } = walk(doc, path);
    return Array.isArray(parent) ? parent[Number(key)] : parent[key];
  };
  const remove = (path: string) => {
    const { parent, key } = walk(doc, path);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else if (key in parent) delete parent[key];
    else
      throw new ApiError(
        422,
        'Invalid',
        `JSON patch cannot remove missing "${path}"`,
      );
  };
  const add = (path: string, value: unknown) => {
    const { parent, key } = walk(doc, path);
    if (Array.isArray(parent)) {
      if (key === '-') parent.push(value);
      else parent.splice(Number(key), 0, value);
    } else parent[key] = value;
  };
  for (const op of operations) {
    switch (op.op) {
      case 'add':
        add(op.path, op.value);
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'replace': {
        const { parent, key } = walk(doc, op.path);
        if (Array.isArray(parent)) parent[Number(key)] = op.value;
        else parent[key] = op.value;
        break;
      }
      case 'move': {
        const value = get(op.from);
        remove(op.from);
        add(op.path, value);
        break;
      }
      case 'copy':
        add(op.path, structuredClone(get(op.from)));
        break;
      case 'test':
        if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value)) {
          throw new ApiError(
            422,
            'Invalid',
            `JSON patch test failed at "${op.path}"`,
          );
        }
        break;
      default:
        throw badRequest(`unknown JSON patch operation "${op.op}"`);
    }
  }
  return doc;
}
