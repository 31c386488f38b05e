#!/usr/bin/env node
/*
 * Test harness: what a search page's lunr gives, run twice in Node, once
 * with lunr.min.js and once with theme/static/js/lunr-core.js (the part of
 * lunr a search page loads), each followed by the lunr-languages files, in
 * fresh global contexts as a page runs them (tests/test_lunr_core.py).
 *
 * Usage: node lunr_core_harness.js < request.json > response.json
 * Request: {"core": <path of the lunr-core file>, "pipelines": [[label, ...], ...],
 *           "texts": [...]}
 * Answer: {"stock": R, "core": R}, R[p][t] = the terms of texts[t] after
 * lunr.tokenizer and lunr.Pipeline.load(pipelines[p]), as search.js runs
 * them; plus R's "query" entry: new lunr.Query(["title"]).term("x", {})'s clause.
 */
'use strict';

var fs = require('fs');
var path = require('path');
var vm = require('vm');

var VENDOR = path.resolve(__dirname, '..', '..', 'theme', 'static', 'vendor');
var LANGUAGES = ['lunr.stemmer.support.min.js', 'lunr.sv.min.js'];

function load(first) {
  var page = vm.createContext({console: console});
  page.window = page;
  [first].concat(LANGUAGES.map(function (name) { return path.join(VENDOR, 'lunr-languages-1.22.0', name); }))
    .forEach(function (file) { vm.runInContext(fs.readFileSync(file, 'utf8'), page, {filename: file}); });
  return page.lunr;
}

function run(lunr, request) {
  var out = request.pipelines.map(function (labels) {
    var pipeline = lunr.Pipeline.load(labels);
    return request.texts.map(function (text) {
      return pipeline.run(lunr.tokenizer(text)).map(String);
    });
  });
  var query = new lunr.Query(['title', 'body']);
  query.term('x', {wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false});
  return {terms: out, query: JSON.parse(JSON.stringify(query.clauses)), version: lunr.version};
}

var request = JSON.parse(fs.readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify({
  stock: run(load(path.join(VENDOR, 'lunr-2.3.9', 'lunr.min.js')), request),
  core: run(load(path.resolve(request.core)), request)
}));
