#!/usr/bin/env node
/*
 * Test harness: runs theme/static/js/torget-checks.js, the editor's content
 * checks, in Node with the vendored libphonenumber-js, so that
 * tests/test_form_checks.py can hold it to the Python checks
 * (plugins/torget/records/privacy.py, parsing.py, categories.py) case by case.
 *
 * Both files are evaluated as plain browser scripts with vm.runInContext
 * in one fresh context without `module`, so they set the globals
 * libphonenumber and TorgetChecks, as on the editor's page. The request is
 * parsed inside that context too, so the library sees its own objects.
 *
 * Usage: node torget_checks_harness.js < request.json > response.json
 * The request is {"table": <torget.editor.formchecks.browser_table>, "ops": [...]},
 * each op one of
 *   {"op": "find", "text": ...}                  -> [{kind, masked, key}]
 *   {"op": "kinds", "text": ...}                 -> ["identity"|"phone"|"email"] (the ask page)
 *   {"op": "normal", "value": ...}               -> key or null
 *   {"op": "scan", "text": ...}                  -> [{line, rule, severity}]
 *   {"op": "file", "text": ..., "kind": ..., "name": ...} -> [{line, rule, severity, message}]
 *   {"op": "field", "rule": ..., "value": ..., "ctx": {...}} -> {errors, warnings}
 *   {"op": "html", "text": ...}                  -> [warning]
 * and the response the list of results.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const STATIC = path.join(__dirname, "..", "..", "theme", "static");
const SCRIPTS = [
  path.join(STATIC, "vendor", "libphonenumber-js-1.13.18", "libphonenumber-max.js"),
  path.join(STATIC, "js", "torget-checks.js"),
];
const context = vm.createContext({ request: fs.readFileSync(0, "utf8") });
for (const file of SCRIPTS) {
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
}
if (!context.TorgetChecks || !context.libphonenumber) {
  throw new Error("torget-checks.js or libphonenumber-js did not load");
}
const result = vm.runInContext(`(function () {
  var parsed = JSON.parse(request);
  var checks = TorgetChecks.create(parsed.table, libphonenumber);
  function run(op) {
    switch (op.op) {
      case "find":
        return checks.findPersonalData(op.text).map(function (h) { return { kind: h.kind, masked: h.masked, key: h.key }; });
      case "kinds":
        return checks.personalDataKinds(op.text);
      case "normal":
        return checks.normalForm(op.value);
      case "scan":
        return checks.scanText(op.text);
      case "file":
        return checks.checkFile(op.text, op.kind, op.name);
      case "field":
        return checks.checkField(op.rule, op.value, op.ctx || {});
      case "html":
        return checks.htmlWarnings(op.text);
      default:
        throw new Error("unknown op " + op.op);
    }
  }
  return JSON.stringify(parsed.ops.map(run));
})()`, context);
process.stdout.write(result);
