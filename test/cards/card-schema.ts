import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The official Adaptive Cards 1.5 schema, read in place from `<repo root>/../shared/schemas/`. */
export const SCHEMA_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'schemas', 'adaptive-card-1.5.json');

function compileSchema() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // A draft-06 schema identified by `id`; ajv 8 only accepts `$id`. Its custom keywords (version, features) need
  // strict mode off.
  const { id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  return ajv.compile({ $id: String(id), ...rest });
}

const validateCard = compileSchema();

/** Schema errors of an expanded card, as "path message" lines; empty when valid. */
export function schemaErrors(card: unknown): string[] {
  if (validateCard(card)) return [];
  return (validateCard.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message ?? ''}`);
}
