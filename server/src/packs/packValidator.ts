import Ajv, { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import packSchema from '../../../rules/pack.schema.json';

// The compiled form of rules/pack.schema.json, the pack format's single description. Compiling it
// took ~130 ms, paid by every CLI run and editor start that loads a team pack; the bundles replace
// this module with the same validator compiled at build time (scripts/build.mjs calls
// packValidatorSource). Run from sources (the tests), it is compiled on first use.

// discriminator: a detector's errors come from the branch its `kind` names, not from all of them.
// verbose: an error carries its schema, from which a discriminator's allowed values are read.
const OPTIONS = { allErrors: true, strict: false, discriminator: true, verbose: true } as const;

let validator: ValidateFunction | undefined;

export function packValidator(): ValidateFunction {
  validator ??= new Ajv(OPTIONS).compile(packSchema);
  return validator;
}

/** The validator as a CommonJS module's source (`module.exports = validate`), for the bundles. */
export function packValidatorSource(): string {
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  return standaloneCode(ajv, ajv.compile(packSchema));
}
