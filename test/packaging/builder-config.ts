// electron-builder.yml read the way electron-builder reads it (js-yaml) and checked the way it
// checks it: app-builder-lib's scheme.json through ajv with the options of its own
// schemaValidator (strict off: the schema carries a `typeof` keyword ajv does not know).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { load } from 'js-yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CONFIG_FILE = join(ROOT, 'electron-builder.yml');

export type BuilderConfig = Record<string, unknown>;

export function readBuilderConfig(file = CONFIG_FILE): BuilderConfig {
  const data = load(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: not a mapping`);
  return data as BuilderConfig;
}

function builderSchema(): object {
  const require = createRequire(join(ROOT, 'package.json'));
  return JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/** The schema's complaints about `config`, as `path: message` lines; none when it is valid. */
export function schemaErrors(config: BuilderConfig): string[] {
  compiled ??= new Ajv({ allErrors: true, coerceTypes: true, strict: false }).compile(builderSchema());
  if (compiled(structuredClone(config))) return [];
  return (compiled.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
