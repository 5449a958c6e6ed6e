import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The official SARIF 2.1.0 schema as Microsoft's sarif-js-sdk ships it (`sarif-2.1.0-rtm.5.json`, the
 * schemastore copy of the OASIS schema). It declares draft-04, which Ajv 8 does not load; its keywords
 * are all in the draft-04/draft-07 common subset (asserted below), so it is compiled as draft-07 with
 * only the draft-04 `$schema` and `id` headers dropped.
 */
export function sarifValidator(): ValidateFunction {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const text = fs.readFileSync(schemaPath, 'utf8');
  // Draft-04's boolean exclusiveMinimum/Maximum is the one keyword that changed meaning in draft-06.
  assert.doesNotMatch(text, /exclusiveM(in|ax)imum/);
  const { $schema, id, ...schema } = JSON.parse(text) as Record<string, unknown>;
  assert.equal($schema, 'http://json-schema.org/draft-04/schema#');
  assert.match(String(id), /sarif-2\.1\.0-rtm\.5\.json$/);
  assert.match(String(schema.title), /SARIF\) Version 2\.1\.0/);
  // The schema's language pattern has a stray `]` that only non-unicode regular expressions accept.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
