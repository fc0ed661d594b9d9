import protobuf from 'protobufjs';
import { DECODABLE_KINDS, KUBERNETES_MESSAGES } from './kubernetesMessages';

/** Kubernetes' protobuf envelope: these four bytes, then a runtime.Unknown. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

const root = protobuf.Root.fromJSON(KUBERNETES_MESSAGES);
/** Fields that are pointers in Go: written only when set, so 0 means 0 and false means false. */
const POINTERS = new Set([
  'replicas',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'immutable',
  'automountServiceAccountToken',
  'controller',
  'blockOwnerDeletion',
]);
const type = (name: string) => root.lookupType(`k8s.${name}`);

/** Why a protobuf body could not be read, for a 400 or 415 answer. */
export class ProtobufDecodeError extends Error {
  readonly name = 'ProtobufDecodeError';
  constructor(message: string, readonly unsupportedKind = false) {
    super(message);
  }
}

/** A decoded value as the JSON form of the object has it. */
function toJson(messageType: protobuf.Type, value: any): any {
  if (messageType.name === 'Time') {
    const seconds = Number(value.seconds ?? 0);
    // The zero Time (an unset timestamp) is null in JSON: dropped.
    if (!seconds) return undefined;
    return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (messageType.name === 'IntOrString') {
    return Number(value.type ?? 0) === 1
      ? value.strVal ?? ''
      : value.intVal ?? 0;
  }
  if (messageType.name === 'Quantity') return value.string ?? '';
  const out: Record<string, unknown> = {};
  for (const field of messageType.fieldsArray) {
    const raw = value[field.name];
    if (raw === undefined || raw === null) continue;
    field.resolve();
    const nested =
      field.resolvedType instanceof protobuf.Type
        ? field.resolvedType
        : undefined;
    const convert = (item: any) =>
      nested ? toJson(nested, item) : scalar(field.type, item);
    let converted: unknown;
    if (field.map) {
      converted = Object.fromEntries(
        Object.entries(raw).map(([key, item]) => [key, convert(item)]),
      );
    } else if (field.repeated) {
      converted = (raw as unknown[]).map(convert);
      if ((converted as unknown[]).length === 0) continue;
    } else {
      converted = convert(raw);
      // Go writes its plain strings, numbers and booleans even when empty, zero or false; JSON
      // leaves them out. (A pointer, like replicas, is written only when set: its zero stays.)
      if (converted === '' || converted === undefined) continue;
      if ((converted === 0 || converted === false) && !POINTERS.has(field.name))
        continue;
    }
    out[field.name] = converted;
  }
  return out;
}

function scalar(fieldType: string, value: any): unknown {
  if (fieldType === 'bytes') return Buffer.from(value).toString('base64');
  if (fieldType === 'int64') return Number(value);
  return value;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body (what kubectl's typed commands
 * send for built-in kinds) into the object's JSON form, with its apiVersion and kind.
 */
export function decodeKubernetesProtobuf(
  body: Buffer,
): Record<string, unknown> {
  if (
    body.length < MAGIC.length ||
    !body.subarray(0, MAGIC.length).equals(MAGIC)
  ) {
    throw new ProtobufDecodeError(
      'the protobuf body does not start with the Kubernetes envelope ("k8s\\0")',
    );
  }
  let unknown: any;
  try {
    unknown = type('Unknown').decode(body.subarray(MAGIC.length));
  } catch (error) {
    throw new ProtobufDecodeError(
      `the protobuf body could not be decoded: ${(error as Error).message}`,
    );
  }
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const messageName = DECODABLE_KINDS[`${apiVersion}/${kind}`];
  if (!messageName) {
    throw new ProtobufDecodeError(
      `the local cluster reads protobuf bodies of ${Object.keys(DECODABLE_KINDS)
        .map(k => k.replace(/^.*\//, ''))
        .join(', ')} only, not ${kind || 'this one'} (${
        apiVersion || 'no apiVersion'
      }): write the object to a file and use kubectl apply -f or create -f`,
      true,
    );
  }
  const messageType = type(messageName);
  let decoded: protobuf.Message;
  try {
    decoded = messageType.decode(unknown.raw ?? new Uint8Array());
  } catch (error) {
    throw new ProtobufDecodeError(
      `the ${kind} in the protobuf body could not be decoded: ${
        (error as Error).message
      }`,
    );
  }
  const plain = messageType.toObject(decoded, { longs: String, bytes: Array });
  return { apiVersion, kind, ...toJson(messageType, plain) };
}
