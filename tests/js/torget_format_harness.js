#!/usr/bin/env node
/*
 * Test harness: runs theme/static/js/torget-format.js, the file the editor
 * at /admin/ loads, in Node so that tests/test_cms.py can compare it with
 * the Python parser (plugins/torget/format/parsing.py) and writer
 * (plugins/torget/format/writing.py).
 *
 * The file is evaluated as a plain browser script with vm.runInContext in
 * a fresh context without `module`, so it takes the browser branch and
 * sets the global TorgetFormat, as on the page.
 *
 * Usage: node torget_format_harness.js < request.json > response.json
 * The request is a JSON list of operations, each
 *   {"op": "parse", "kind": "thread"|"page", "text": ...}      -> entry
 *   {"op": "write", "kind": "thread"|"page", "entry": {...}}   -> text
 *   {"op": "roundtrip", "kind": ..., "text": ...}              -> text
 *       (parse, then write the entry as parsed)
 *   {"op": "edit", "kind": ..., "text": ..., "set": {...}, "reply_set": {"0": {...}},
 *    "add_replies": [...], "drop_replies": n}                  -> text
 *       (parse, change fields, write: what the editor does on save)
 * and the response the list of results.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const SOURCE = path.join(__dirname, "..", "..", "theme", "static", "js", "torget-format.js");
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(SOURCE, "utf8"), context, { filename: SOURCE });
const T = context.TorgetFormat;
if (!T) {
  throw new Error("torget-format.js did not define TorgetFormat");
}

function parse(kind, text) {
  return JSON.parse(JSON.stringify(kind === "page" ? T.parsePage(text) : T.parseThread(text)));
}

function write(kind, entry) {
  return kind === "page" ? T.writePage(entry) : T.writeThread(entry);
}

function run(op) {
  switch (op.op) {
    case "parse":
      return parse(op.kind, op.text);
    case "write":
      return write(op.kind, op.entry);
    case "roundtrip":
      return write(op.kind, parse(op.kind, op.text));
    case "edit": {
      const entry = parse(op.kind, op.text);
      Object.assign(entry, op.set || {});
      for (const [i, fields] of Object.entries(op.reply_set || {})) {
        Object.assign(entry.replies[Number(i)], fields);
      }
      if (op.drop_replies) {
        entry.replies = entry.replies.slice(0, entry.replies.length - op.drop_replies);
      }
      if (op.add_replies) {
        entry.replies = entry.replies.concat(op.add_replies);
      }
      return write(op.kind, entry);
    }
    default:
      throw new Error("unknown op " + op.op);
  }
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(JSON.stringify(JSON.parse(input).map(run)));
