// Compiles every schema named on the command line with Ajv 8 in strict mode (draft
// 2020-12, formats from ajv-formats), as an editor or a CI tool using Ajv would, and
// validates the JSON documents given after `--`. Prints one JSON report; tests/test_editor_schemas.py reads it.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const args = process.argv.slice(2);
const split = args.indexOf("--");
const schemaFiles = split < 0 ? args : args.slice(0, split);
const documents = split < 0 ? [] : args.slice(split + 1);

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const report = { compiled: {}, errors: {}, validated: {} };
const schemas = schemaFiles.map((file) => JSON.parse(fs.readFileSync(file, "utf8")));
for (const schema of schemas) ajv.addSchema(schema);
for (const [i, schema] of schemas.entries()) {
  try {
    ajv.getSchema(schema.$id) || ajv.compile(schema);
    report.compiled[path.basename(schemaFiles[i])] = true;
  } catch (error) {
    report.errors[path.basename(schemaFiles[i])] = String(error.message || error);
  }
}
for (const pair of documents) {
  const [schemaId, file] = pair.split("=");
  const validate = ajv.getSchema(schemaId);
  const ok = validate(JSON.parse(fs.readFileSync(file, "utf8")));
  report.validated[file] = ok ? [] : validate.errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message}`);
}
process.stdout.write(JSON.stringify(report));
