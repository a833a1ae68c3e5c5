/**
 * Validation of exported STIX against the OASIS STIX 2.1 JSON schemas (tests only: the schemas are not shipped). The
 * folder comes from `HYDRAWATCH_STIX_SCHEMAS` (`none`: no schemas), else `<repo>/../shared/stix-schemas` where it
 * exists; tests skip without it, except in CI (CI=true), where it must be there unless set to `none`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '../../sim/corpora-path.js';

export const STIX_SCHEMAS_ENV = 'HYDRAWATCH_STIX_SCHEMAS';

export function stixSchemasDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env[STIX_SCHEMAS_ENV] === 'none') return null;
  const dir = env[STIX_SCHEMAS_ENV] || join(REPO_ROOT, '..', 'shared', 'stix-schemas');
  return existsSync(join(dir, 'schemas')) ? join(dir, 'schemas') : null;
}

/** For a test's `skip` option; `none` skips even in CI (the fresh-clone run, which has no team layout). */
export function stixSchemasSkip(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.CI === 'true' && env[STIX_SCHEMAS_ENV] !== 'none') return false;
  return stixSchemasDir(env) === null ? `OASIS STIX schemas not found: set ${STIX_SCHEMAS_ENV} to a checkout of cti-stix2-json-schemas` : false;
}

export type StixValidator = (object: { type: string; [property: string]: unknown }) => string[];

/** A validator of STIX objects and bundles by their type; returns the schema errors (none when valid). */
export function loadStixValidator(): StixValidator {
  const dir = stixSchemasDir();
  if (dir === null) throw new Error(`OASIS STIX schemas not found: set ${STIX_SCHEMAS_ENV}`);
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const byType = new Map<string, string>();
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(dir, folder))) {
      if (!file.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(join(dir, folder, file), 'utf8')) as { $id: string };
      ajv.addSchema(schema);
      byType.set(file.replace(/\.json$/, ''), schema.$id);
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  return (object) => {
    const type = object.type;
    const id = byType.get(type);
    if (id === undefined) return [`no OASIS schema for type ${type}`];
    let validate = compiled.get(id);
    if (!validate) compiled.set(id, (validate = ajv.getSchema(id)!));
    return validate(object) ? [] : (validate.errors ?? []).map((e) => `${type} ${e.instancePath || '/'} ${e.message ?? ''}`);
  };
}
