#!/usr/bin/env node
/*
 * Test harness: runs the *vendored* browser-side search code in Node so that
 * tests/test_language.py can compare it with the Python build side
 * (plugins/torget/search/language.py).
 *
 * It loads exactly the files the site serves, in the order the pages load
 * them:
 *
 *   theme/static/vendor/lunr-2.3.9/lunr.min.js
 *   theme/static/vendor/lunr-languages-1.22.0/lunr.stemmer.support.min.js
 *   theme/static/vendor/lunr-languages-1.22.0/lunr.sv.min.js
 *
 * They are run as plain browser scripts, not require()d: each file is
 * evaluated with vm.runInContext in one fresh global context that has no
 * `module`, `exports` or `define`, so their UMD wrappers take the browser
 * branch: lunr.min.js sets the global `lunr`, and the lunr-languages files
 * run `factory()(root.lunr)` at load time, which is what registers
 * 'trimmer-sv', 'stopWordFilter-sv' and 'stemmer-sv' with
 * lunr.Pipeline.registerFunction. Nothing here calls lunr.sv() before
 * lunr.Index.load, just like the site's search page.
 *
 * Usage: node lunr_harness.js < request.json > response.json
 *
 * The request is one JSON object with a "mode":
 *
 *   {"mode": "stem", "lang": "sv"|"en", "words": [...]}
 *       -> [stem, ...]  (the language's stemmer alone, on each word)
 *   {"mode": "index_terms", "lang": ..., "texts": [...]}
 *       -> [[term, ...], ...]  lunr.tokenizer + the builder's index pipeline
 *   {"mode": "query_terms", "lang": ..., "words": [...]}
 *       -> [[term, ...], ...]  the builder's search pipeline on each word
 *   {"mode": "info"}
 *       -> registered pipeline labels, the pipelines lunr(...) /
 *          this.use(lunr.sv) configure, and the code units matched by
 *          lunr.tokenizer.separator
 *   {"mode": "build", "lang": ..., "fields": [[name, boost], ...],
 *    "docs": [{"id": ..., "boost": ..., "fields": {name: text}}]}
 *       -> stock lunr.js's Builder over those documents, toJSON()
 *   {"mode": "search", "index": <serialized index>, "queries": [...]}
 *       -> [[ref, ...], ...]  lunr.Index.load(index).search(query)
 *   {"mode": "loaded_query_terms", "index": <serialized index>, "words": [...]}
 *       -> {"pipeline": [label, ...], "terms": [[term, ...], ...]}: what a
 *          loaded index's query parser looks up for each single word
 *          (lower-cased, then the index's pipeline; see lunr.QueryParser
 *          .parseTerm and lunr.Index.prototype.query)
 */
'use strict';

var fs = require('fs');
var path = require('path');
var vm = require('vm');

var VENDOR = path.resolve(__dirname, '..', '..', 'theme', 'static', 'vendor');

var SCRIPTS = [
  ['lunr-2.3.9', 'lunr.min.js'],
  ['lunr-languages-1.22.0', 'lunr.stemmer.support.min.js'],
  ['lunr-languages-1.22.0', 'lunr.sv.min.js']
];

var browser = vm.createContext({console: console});
SCRIPTS.forEach(function (parts) {
  var file = path.join.apply(path, [VENDOR].concat(parts));
  vm.runInContext(fs.readFileSync(file, 'utf8'), browser, {filename: file});
});
var lunr = browser.lunr;
if (!lunr || !lunr.sv || !lunr.Pipeline.registeredFunctions['stemmer-sv']) {
  throw new Error('vendored scripts did not set up lunr + lunr.sv as in a browser');
}

/* A builder configured exactly like lunr(function () { ... }) does,
 * plus this.use(lunr.sv) for Swedish. */
function builderFor(lang) {
  var captured = null;
  lunr(function () {
    if (lang === 'sv') {
      this.use(lunr.sv);
    } else if (lang !== 'en') {
      throw new Error('unknown lang ' + lang);
    }
    captured = this;
    this.ref('id');
    this.field('body');
  });
  return captured;
}

function stemmerFor(lang) {
  if (lang === 'sv') return lunr.sv.stemmer;
  if (lang === 'en') return lunr.stemmer;
  throw new Error('unknown lang ' + lang);
}

function labels(pipeline) {
  return pipeline.toJSON();
}

function main(request) {
  switch (request.mode) {
    case 'stem': {
      var stem = stemmerFor(request.lang);
      return request.words.map(function (w) {
        return stem(new lunr.Token(w, {})).toString();
      });
    }
    case 'index_terms': {
      var b = builderFor(request.lang);
      return request.texts.map(function (text) {
        return b.pipeline.run(lunr.tokenizer(text)).map(String);
      });
    }
    case 'query_terms': {
      var sb = builderFor(request.lang);
      return request.words.map(function (w) {
        return sb.searchPipeline.runString(w);
      });
    }
    case 'info': {
      var separator = [];
      for (var c = 0; c <= 0xffff; c++) {
        if (String.fromCharCode(c).match(lunr.tokenizer.separator)) separator.push(c);
      }
      var en = builderFor('en'), sv = builderFor('sv');
      return {
        lunrVersion: lunr.version,
        registered: Object.keys(lunr.Pipeline.registeredFunctions).sort(),
        en: {pipeline: labels(en.pipeline), searchPipeline: labels(en.searchPipeline)},
        sv: {pipeline: labels(sv.pipeline), searchPipeline: labels(sv.searchPipeline)},
        separatorCodeUnits: separator
      };
    }
    case 'build': {
      /* Stock lunr.js's Builder: request.fields [[name, boost], ...],
         request.docs [{id, boost, fields: {name: text}}]. */
      var built = lunr(function () {
        var builder = this;
        if (request.lang === 'sv') builder.use(lunr.sv);
        builder.ref('id');
        request.fields.forEach(function (f) { builder.field(f[0], {boost: f[1]}); });
        request.docs.forEach(function (d) {
          var doc = {id: d.id};
          Object.keys(d.fields).forEach(function (k) { doc[k] = d.fields[k]; });
          builder.add(doc, {boost: d.boost});
        });
      });
      return built.toJSON();
    }
    case 'search': {
      var idx = lunr.Index.load(request.index);
      return request.queries.map(function (q) {
        return idx.search(q).map(function (r) { return r.ref; });
      });
    }
    case 'loaded_query_terms': {
      var loaded = lunr.Index.load(request.index);
      return {
        pipeline: loaded.pipeline.toJSON(),
        terms: request.words.map(function (w) {
          return loaded.pipeline.runString(w.toLowerCase(), {fields: loaded.fields});
        })
      };
    }
    default:
      throw new Error('unknown mode ' + request.mode);
  }
}

var input = fs.readFileSync(0, 'utf8');
/* Parse inside the "browser" realm so lunr sees its own realm's arrays and
 * objects, as it would with fetch(...).json() on the page. */
var request = vm.runInContext('JSON.parse', browser)(input);
process.stdout.write(JSON.stringify(main(request)));
