/* Torget search: lunr.js's ranking over a sharded index, loaded on demand.
 *
 * Nothing is fetched on a plain page view. Focusing a search box fetches
 * the manifest and lunr.js (its tokenizer and the language's pipeline);
 * the search page then fetches only the term shards its query needs (of
 * a common term, split, what makes the first page exact: settle()) and
 * the document chunks of the results shown (the header box's instant
 * results: title files), and scores the query's terms'
 * postings with lunr 2.3.9's arithmetic in typed arrays (rank()). Each word also searches, at a lower boost, the forum's
 * terms it may mean: other spellings (fold keys, as torget.search.language.fold),
 * Swedish inflected forms, the editors' synonyms and, only when needed,
 * typo corrections from a small vocabulary file per first letter and
 * length (docs/search.md, "What a query searches for").
 * Every result is built from DOM text nodes, never from HTML strings.
 */
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[role=search][data-manifest]");
  if (!forms.length) return;
  var manifestUrl = forms[0].getAttribute("data-manifest");
  var base = manifestUrl.slice(0, manifestUrl.lastIndexOf("/") + 1);
  var PAGE = 10;
  var MIN_PREFIX = 3;
  var MAX_QUERY = 200;
  var MAX_WORDS = 12;

  var ready = null;
  var shardCache = {};
  var chunkCache = {};
  var fuzzyCache = {};
  var correctionCache = Object.create(null);
  var loaded = null;  // the manifest, once loaded

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  /* lunr (with the language's scripts, in order) once; the manifest
     beside it. After a redeploy the files a cached manifest names are
     gone: forget() drops every cache and the manifest is fetched anew. */
  var lunrReady = null;
  var fresh = false;

  function load() {
    if (!lunrReady) {
      var scripts = (forms[0].getAttribute("data-scripts") || "").split(" ").filter(Boolean);
      lunrReady = scripts.reduce(function (chain, src) {
        return chain.then(function () { return loadScript(src); });
      }, Promise.resolve());
      lunrReady.catch(function () { lunrReady = null; });
    }
    if (!ready) {
      var manifest = fetch(manifestUrl, fresh ? { cache: "no-cache" } : {}).then(function (response) {
        if (!response.ok) throw new Error(manifestUrl + ": " + response.status);
        return response.json();
      });
      ready = Promise.all([manifest, lunrReady]).then(function (loaded) {
        loaded[0].searchPipeline = lunr.Pipeline.load(loaded[0].pipeline);
        return loaded[0];
      });
      ready.catch(function () { ready = null; });
    }
    return ready;
  }

  function forget() {
    ready = null;
    fresh = true;
    shardCache = {};
    pageCache = {};
    chunkCache = {};
    fuzzyCache = {};
    correctionCache = Object.create(null);
    tailCache = {};
    vectorCache = {};
    vectorDocs = Object.create(null);
    vectorBuckets = Object.create(null);
    vectorCount = 0;
  }

  /* The same folding as torget.search.language.fold: lower case, canonical
     decomposition without combining marks (Mn), and the letters that do
     not decompose. */
  var FOLD_LETTERS = { "æ": "ae", "œ": "oe", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i" };
  function fold(term) {
    term = term.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(term)) return term;
    return term.normalize("NFD").replace(/\p{Mn}/gu, "").replace(/[æœøßđðþłı]/g, function (c) { return FOLD_LETTERS[c]; });
  }

  /* Boosts of the terms a word may mean, below the word's own term (1):
     another spelling of the same letters, an inflected form, an editor's
     synonym, a typo's correction (one or two edits). */
  var BOOST = { fold: 0.9, inflected: 0.8, synonym: 0.7, fuzzy1: 0.5, fuzzy2: 0.35 };
  var FEW = 3;          // fewer results than this: typo corrections for known words too, help, suggestion
  var FUZZY_LETTERS = 5, FUZZY_TWO = 8, FUZZY_MAX = 24, FUZZY_CANDIDATES = 3;
  /* Swedish definite, plural and genitive endings, tried off and on a
     query word; only the terms the forum has are searched. */
  var INFLECTIONS = {
    sv: {
      strip: ["arnas", "ornas", "ernas", "arna", "orna", "erna", "ets", "ens", "et", "en", "na", "n", "s"],
      add: ["et", "en", "n", "s", "ets", "ens", "na", "ar", "er", "or", "arna", "erna", "orna"]
    }
  };

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* The last of the sorted keys that is <= key (JS string order), or 0. */
  function lastAtMost(keys, key) {
    var lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (keys[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* A key page: the first keys of shards n × size on (torget.search.shards). */
  var pageCache = {};
  function keyPage(manifest, n) {
    var name = "s." + manifest.shards.id + ".k" + n + ".json";
    if (!pageCache[name]) {
      pageCache[name] = getJSON(base + name);
      pageCache[name].catch(function () { delete pageCache[name]; });
    }
    return pageCache[name];
  }

  /* Resolves to shardFor(key), which shard holds a fold key: the last
     whose first key <= it. The manifest holds every shard's key, or, above
     64 shards, each key page's first key; then the pages the given keys
     fall in are fetched first. */
  function shardLocator(manifest, keys) {
    var shards = manifest.shards;
    if (shards.keys) return Promise.resolve(function (key) { return lastAtMost(shards.keys, key); });
    var firsts = shards.pages.keys, wanted = Object.create(null);
    keys.forEach(function (key) { wanted[lastAtMost(firsts, key)] = true; });
    var numbers = Object.keys(wanted).map(Number);
    return Promise.all(numbers.map(function (n) { return keyPage(manifest, n); })).then(function (pages) {
      var byNumber = Object.create(null);
      numbers.forEach(function (n, i) { byNumber[n] = pages[i]; });
      return function (key) {
        var n = lastAtMost(firsts, key);
        return n * shards.pages.size + lastAtMost(byNumber[n], key);
      };
    });
  }

  function termsOf(manifest, word) {
    return manifest.searchPipeline.runString(word).filter(Boolean);
  }

  /* The query: every word that leaves a term after the pipeline; while
     typing, the last word also as a prefix. The same function runs on the
     reference index in the ranking test. */
  function parse(text, typing) {
    var manifest = loaded;
    var cut = text.slice(0, MAX_QUERY);
    // "*" would be a lunr wildcard even inside a word: it is never one here.
    var tokens = lunr.tokenizer(cut.replace(/\*/g, " ")).map(String).filter(Boolean);
    var stop = manifest && lunr.Pipeline.registeredFunctions[manifest.stopWords];
    var words = [], stopWords = [];
    tokens.forEach(function (word) {
      if (!manifest || termsOf(manifest, word.toLowerCase()).length) words.push(word);
      var trimmer = manifest && lunr.Pipeline.registeredFunctions[manifest.pipeline[0]];
      var trimmed = trimmer ? trimmer(new lunr.Token(word.toLowerCase(), {})) : null;
      if (stop && trimmed && String(trimmed) && !stop(trimmed)) stopWords.push(word);
    });
    var long = text.length > MAX_QUERY || words.length > MAX_WORDS;
    words = words.slice(0, MAX_WORDS);
    var last = words.length && !/\s$/.test(text)
      ? words[words.length - 1].replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "") : "";
    return {
      words: words, prefix: typing && last.length >= MIN_PREFIX ? last : null, long: long,
      onlyStopWords: words.length > 0 && stopWords.length === words.length, extra: []
    };
  }

  function buildQuery(parsed) {
    return function (query) {
      parsed.words.forEach(function (word) { query.term(word, { usePipeline: true }); });
      if (parsed.prefix) {
        query.term(parsed.prefix, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      }
      parsed.extra.forEach(function (clause) {
        query.term(clause.term, { usePipeline: false, boost: clause.boost });
      });
    };
  }

  /* What each word may mean, before looking at the vocabulary: its own
     term, another spelling (ae for ä), inflected forms, synonyms. */
  function candidates(manifest, parsed) {
    var rules = INFLECTIONS[manifest.lang];
    return parsed.words.map(function (word) {
      var lower = word.toLowerCase(), own = termsOf(manifest, lower), out = [];
      function add(terms, kind) {
        terms.forEach(function (term) { out.push({ term: term, key: fold(term), kind: kind }); });
      }
      add(own, "own");
      // Unaccented, the stemmer may cut a word otherwise (cafe -> caf,
      // café -> café): the folded word, stemmed and as it is; and ae, oe,
      // aa for ä, ö, å.
      var folded = fold(lower);
      if (folded !== lower) add(termsOf(manifest, folded), "fold");
      if (/^[a-z]+$/.test(folded)) out.push({ term: folded, key: folded, kind: "fold" });
      var plain = folded.replace(/aa/g, "a").replace(/ae/g, "a").replace(/oe/g, "o");
      if (plain !== folded) add(termsOf(manifest, plain), "fold");
      if (rules) {
        rules.strip.forEach(function (suffix) {
          if (lower.length - suffix.length >= 3 && lower.slice(-suffix.length) === suffix) {
            add(termsOf(manifest, lower.slice(0, -suffix.length)), "inflected");
          }
        });
        if (lower.length >= 3) rules.add.forEach(function (suffix) { add(termsOf(manifest, lower + suffix), "inflected"); });
      }
      var keys = own.map(fold);
      (manifest.synonyms || []).forEach(function (group) {
        var hit = group.some(function (member) {
          return member.length === 1 && keys.indexOf(fold(member[0])) >= 0;
        });
        if (hit) group.forEach(function (member) { add(member, "synonym"); });
      });
      return { word: word, lower: lower, own: own, forms: out };
    });
  }

  /* Resolves to the numbers of the shards that hold the keys, and every
     key that begins with the prefix (when given; near: only the shard the
     prefix itself falls in, for the header box's instant results, as its
     preview when the forum has them and the shard is not needed whole:
     numbers.previews). */
  function neededShards(manifest, keys, prefix, near, typed) {
    var p = prefix ? fold(prefix) : null;
    typed = near ? typed || [] : [];
    var located = (p === null ? keys : keys.concat(near ? [p] : [p, p + "\uffff"])).concat(typed);
    return shardLocator(manifest, located).then(function (shardFor) {
      var wanted = Object.create(null), previews = Object.create(null), maybe = [];
      keys.forEach(function (key) { wanted[shardFor(key)] = true; });
      typed.forEach(function (key) { maybe.push(shardFor(key)); });
      if (p !== null) {
        for (var i = shardFor(p), last = near ? i : shardFor(p + "\uffff"); i <= last; i++) {
          if (near) maybe.push(i); else wanted[i] = true;
        }
      }
      // The word being typed (typed keys, the prefix): a preview where the
      // shard is not needed whole and not already here.
      maybe.forEach(function (i) {
        if (wanted[i]) return;
        if (manifest.shards.previews && !shardCache[shardName(manifest, i, false)]) previews[i] = true;
        else wanted[i] = true;
      });
      var numbers = Object.keys(wanted).concat(Object.keys(previews)).map(Number).sort(function (a, b) { return a - b; });
      numbers.previews = previews;
      return numbers;
    });
  }

  /* Shard n's file, or its preview (torget.search.previews): its terms
     with only their best documents, as split heads without tail blocks. */
  function shardName(manifest, number, preview) {
    return "s." + manifest.shards.id + "." + (preview ? "p" : "") + number + ".json";
  }

  /* A fetched shard (or preview), with its terms by fold key. */
  function fetchShard(manifest, number, preview) {
    var name = shardName(manifest, number, preview);
    if (!shardCache[name]) {
      shardCache[name] = getJSON(base + name).then(function (entries) {
        var byKey = Object.create(null), byTerm = Object.create(null);
        entries.forEach(function (entry) {
          var key = fold(entry[0]);
          (byKey[key] || (byKey[key] = [])).push(entry[0]);
          byTerm[entry[0]] = entry;
        });
        return {
          entries: entries, byKey: byKey, byTerm: byTerm, decoded: Object.create(null), versions: Object.create(null),
          splits: Object.create(null), facts: factCodes(manifest)
        };
      });
      shardCache[name].catch(function () { delete shardCache[name]; });
    }
    return shardCache[name];
  }

  /* The vocabulary a query sees: the shards fetched so far. */
  function shardVocabulary(shards) {
    return {
      spellings: function (key) {
        var out = [];
        shards.forEach(function (shard) { (shard.byKey[key] || []).forEach(function (t) { out.push(t); }); });
        return out;
      },
      prefixed: function (key) {
        var out = [];
        shards.forEach(function (shard) {
          Object.keys(shard.byKey).forEach(function (k) {
            if (k.lastIndexOf(key, 0) === 0) shard.byKey[k].forEach(function (t) { out.push(t); });
          });
        });
        return out;
      },
      entry: function (term) {
        for (var i = 0; i < shards.length; i++) if (shards[i].byTerm[term]) return shards[i].byTerm[term];
        return null;
      },
      /* A term's postings per field, decoded once (again when more of a
         split term is loaded): document ids and lunr's field vector
         values (score×1000 / 1000, the same double as the 3-decimal
         number lunr serializes). */
      postings: function (term) {
        for (var i = 0; i < shards.length; i++) {
          var shard = shards[i], entry = shard.byTerm[term];
          if (!entry) continue;
          var state = isSplit(entry) ? splitOf(shard, entry) : null;
          var version = state ? state.tails.length + ":" + vectorCount : "";
          if (!shard.decoded[term] || shard.versions[term] !== version) {
            shard.decoded[term] = state ? decodeSplit(shard, entry, state) : decodeEntry(shard, entry);
            shard.versions[term] = version;
          }
          return shard.decoded[term];
        }
        return null;
      },
      /* A split term's state (splitOf), or null for a term held whole. */
      split: function (term) {
        for (var i = 0; i < shards.length; i++) {
          var entry = shards[i].byTerm[term];
          if (entry) return isSplit(entry) ? splitOf(shards[i], entry) : null;
        }
        return null;
      }
    };
  }

  /* Postings [field, [Δid, millis, …], [reply, …]?] as {field, ids, values, places}. */
  function decodeFields(blocks) {
    return blocks.map(function (block) {
      var flat = block[1], n = flat.length >> 1, ids = new Int32Array(n), values = new Float64Array(n), id = 0;
      for (var j = 0; j < n; j++) {
        id += flat[2 * j];
        ids[j] = id;
        values[j] = flat[2 * j + 1] / 1000;
      }
      return { field: block[0], ids: ids, values: values, places: block[2] ? Int32Array.from(block[2]) : null };
    });
  }

  function decodeEntry(shard, entry) {
    var out = decodeFields(entry.slice(3));
    keepFacts(shard.facts, out, entry[2]);
    return out;
  }

  /* Split terms (torget.search.split): the shard entry holds the term's
     HEAD_DOCS documents of highest impact, its number of
     documents (n), its count per filter code (c) and the highest impact
     of each tail block (t, millis); tail blocks and document vectors are
     fetched only as a ranking needs them (settle()). */
  var tailCache = {}, vectorCache = {}, vectorDocs = Object.create(null), vectorBuckets = Object.create(null), vectorCount = 0;
  var VECTORS_AT_ONCE = 24;

  function isSplit(entry) { return typeof entry[2] === "object" && entry[2] !== null; }

  /* A split term's parts loaded so far: tails (payloads, in order) and
     the documents they and the head hold (docs). */
  function splitOf(shard, entry) {
    var state = shard.splits[entry[0]];
    if (!state) {
      state = shard.splits[entry[0]] = { term: entry[0], index: entry[1], info: entry[2], tails: [], docs: Object.create(null) };
      decodeFields(entry.slice(3)).forEach(function (p) { for (var j = 0; j < p.ids.length; j++) state.docs[p.ids[j]] = true; });
    }
    return state;
  }

  /* Head, loaded tail blocks and, for the documents neither holds, their
     vectors: per field, ids ascending. */
  function decodeSplit(shard, entry, state) {
    var parts = [decodeFields(entry.slice(3))];
    keepFacts(shard.facts, parts[0], entry[2].f);
    state.tails.forEach(function (tail) {
      var part = decodeFields(tail.slice(1));
      keepFacts(shard.facts, part, tail[0]);
      parts.push(part);
    });
    var byField = Object.create(null);
    function add(field, id, value, place) {
      (byField[field] || (byField[field] = [])).push([id, value, place]);
    }
    parts.forEach(function (part) {
      part.forEach(function (p) {
        for (var j = 0; j < p.ids.length; j++) add(p.field, p.ids[j], p.values[j], p.places ? p.places[j] : 0);
      });
    });
    Object.keys(vectorDocs).forEach(function (doc) {
      if (state.docs[doc] || !hasVector(loaded, doc, state)) return;
      (vectorDocs[doc][state.index] || []).forEach(function (x) { add(x[0], Number(doc), x[1] / 1000, x[2]); });
    });
    return Object.keys(byField).map(Number).sort(function (a, b) { return a - b; }).map(function (field) {
      var rows = byField[field].sort(function (a, b) { return a[0] - b[0]; }), n = rows.length;
      var ids = new Int32Array(n), values = new Float64Array(n), places = new Int32Array(n), named = false;
      for (var j = 0; j < n; j++) {
        ids[j] = rows[j][0];
        values[j] = rows[j][1];
        places[j] = rows[j][2];
        named = named || rows[j][2] !== 0;
      }
      return { field: field, ids: ids, values: values, places: named ? places : null };
    });
  }

  /* The next `count` tail blocks of each split term (all: Infinity). */
  function loadTails(manifest, states, count) {
    return Promise.all(states.map(function (state) {
      var names = [];
      for (var b = state.tails.length; b < Math.min(state.info.t.length, state.tails.length + count); b++) {
        names.push("s." + manifest.shards.id + ".t" + state.index + "." + b + ".json");
      }
      return Promise.all(names.map(function (name) {
        if (!tailCache[name]) {
          tailCache[name] = getJSON(base + name);
          tailCache[name].catch(function () { delete tailCache[name]; });
        }
        return tailCache[name];
      })).then(function (tails) {
        tails.forEach(function (tail) {
          if (state.tails.indexOf(tail) >= 0) return;
          state.tails.push(tail);
          decodeFields(tail.slice(1)).forEach(function (p) { for (var j = 0; j < p.ids.length; j++) state.docs[p.ids[j]] = true; });
        });
      });
    }));
  }

  /* Documents' postings of the split terms of the given states, from
     their vectors' buckets (a term's bucket: its lunr index modulo the
     manifest's shards.buckets): vectorDocs[doc] maps lunr index ->
     [[field, millis, reply], …], vectorBuckets[doc] the buckets loaded. */
  function loadVectors(manifest, docs, states) {
    var size = manifest.shards.buckets, wanted = Object.create(null);
    states.forEach(function (state) { wanted[state.index % size] = true; });
    var buckets = Object.keys(wanted).map(Number);
    return Promise.all(docs.map(function (doc) {
      return Promise.all(buckets.map(function (bucket) {
        var name = "s." + manifest.shards.id + ".v" + doc + "." + bucket + ".json";
        if (!vectorCache[name]) {
          vectorCache[name] = getJSON(base + name).then(function (flat) {
            var byIndex = vectorDocs[doc] || (vectorDocs[doc] = Object.create(null)), index = 0;
            for (var j = 0; j < flat.length; j += 4) {
              index += flat[j];
              (byIndex[index] || (byIndex[index] = [])).push([flat[j + 1], flat[j + 2], flat[j + 3]]);
            }
            (vectorBuckets[doc] || (vectorBuckets[doc] = Object.create(null)))[bucket] = true;
            vectorCount++;
          });
          vectorCache[name].catch(function () { delete vectorCache[name]; });
        }
        return vectorCache[name];
      }));
    }));
  }

  /* Whether doc's postings of the split term (its state) are loaded from its vector. */
  function hasVector(manifest, doc, state) {
    var buckets = vectorBuckets[doc];
    return !!buckets && !!buckets[state.index % manifest.shards.buckets];
  }

  /* The same vocabulary over a whole lunr index (the ranking reference). */
  function indexVocabulary(index) {
    if (!index.__byKey) {
      var byKey = Object.create(null);
      Object.keys(index.invertedIndex).forEach(function (term) {
        var key = fold(term);
        (byKey[key] || (byKey[key] = [])).push(term);
      });
      Object.keys(byKey).forEach(function (key) { byKey[key].sort(compare); });
      index.__byKey = byKey;
    }
    var all = index.__byKey;
    return {
      spellings: function (key) { return (all[key] || []).slice(); },
      prefixed: function (key) {
        var out = [];
        Object.keys(all).forEach(function (k) { if (k.lastIndexOf(key, 0) === 0) out = out.concat(all[k]); });
        return out;
      },
      entry: function (term) { return index.invertedIndex[term] ? term : null; }
    };
  }

  /* Turn the candidates into clauses for the terms the vocabulary has.
     Returns, per word, whether any of its forms is in the forum. */
  function resolve(parsed, words, vocabulary) {
    var seen = Object.create(null), extra = [];
    parsed.words.forEach(function (word, i) {
      words[i].own.forEach(function (term) { seen[i + "\u0000" + term] = true; });
    });
    var known = words.map(function (w, i) {
      var found = false;
      w.forms.forEach(function (form) {
        vocabulary.spellings(form.key).forEach(function (term) {
          found = true;
          if (seen[i + "\u0000" + term]) return;
          seen[i + "\u0000" + term] = true;
          var boost = form.kind === "own" ? BOOST.fold : BOOST[form.kind] * (term === form.term ? 1 : BOOST.fold);
          extra.push({ term: term, boost: boost, word: i });
        });
      });
      return found;
    });
    if (parsed.prefix) {
      var prefix = parsed.prefix.toLowerCase();
      vocabulary.prefixed(fold(prefix)).forEach(function (term) {
        // lunr's own wildcard clause finds the terms that start with the prefix as typed
        if (term.lastIndexOf(prefix, 0) !== 0 && !seen["p\u0000" + term]) {
          seen["p\u0000" + term] = true;
          extra.push({ term: term, boost: BOOST.fold, word: -1 });
        }
      });
    }
    extra.sort(function (a, b) { return a.word - b.word || compare(a.term, b.term); });
    parsed.extra = extra;
    return known;
  }

  /* Resolve a parsed query against a whole lunr index, as search() does
     against the shards (tests and the benchmark compare the two). */
  function planFor(index, text, typing) {
    var manifest = loaded, parsed = parse(text, typing);
    resolve(parsed, candidates(manifest, parsed), indexVocabulary(index));
    return parsed;
  }

  /* Damerau-Levenshtein (optimal string alignment) distance, or max + 1. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, previous = [], row, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        row.push(value);
        if (value < least) least = value;
      }
      if (least > max) return max + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  function fuzzyFile(manifest, bucket) {
    var name = "f." + manifest.fuzzy.id + "." + bucket + ".json";
    if (!fuzzyCache[name]) {
      fuzzyCache[name] = getJSON(base + name);
      fuzzyCache[name].catch(function () { delete fuzzyCache[name]; });
    }
    return fuzzyCache[name];
  }

  /* The forum's closest fold keys to a word, fetched in small files by
     first letter and length: [{key, edits, docs}], best first. */
  /* Memoized per word, its resolved forms and strictness: the typo
     vocabulary never changes under a loaded manifest. */
  function corrections(manifest, word, strict) {
    var key = (strict ? "1" : "0") + word.lower + "\u0000" + Object.keys(word.resolved).sort().join("\u0000");
    if (!correctionCache[key]) {
      correctionCache[key] = closest(manifest, word, strict);
      correctionCache[key].catch(function () { delete correctionCache[key]; });
    }
    return correctionCache[key];
  }

  function closest(manifest, word, strict) {
    var fuzzy = manifest.fuzzy;
    var keys = word.own.map(fold).filter(function (k) { return /^[a-z]+$/.test(k); });
    var letters = fold(word.lower).replace(/[^a-z]/g, "");
    if (!fuzzy || !keys.length || letters.length < FUZZY_LETTERS || letters.length > FUZZY_MAX) return Promise.resolve([]);
    var max = letters.length >= FUZZY_TWO ? 2 : 1;
    var targets = keys.concat(letters === keys[0] ? [] : [letters]);
    var buckets = Object.create(null);
    targets.forEach(function (key) {
      [key[0], key[1]].forEach(function (letter) {
        var span = fuzzy.lengths[letter];
        if (!span) return;
        for (var n = Math.max(key.length - max, span[0]); n <= Math.min(key.length + max, span[1], fuzzy.long || 20); n++) buckets[letter + n] = true;
        if (key.length + max >= (fuzzy.long || 20) && span[1] >= (fuzzy.long || 20)) buckets[letter + (fuzzy.long || 20)] = true;
      });
    });
    return Promise.all(Object.keys(buckets).sort().map(function (b) { return fuzzyFile(manifest, b); })).then(function (files) {
      var found = Object.create(null), own = 0;
      files.forEach(function (flat) {
        for (var k = 0; k < flat.length; k += 2) {
          var key = flat[k], best = max + 1;
          targets.forEach(function (target) { best = Math.min(best, distance(target, key, max)); });
          if (best === 0) own = Math.max(own, flat[k + 1]);
          if (best >= 1 && best <= max && !word.resolved[key] && (!found[key] || found[key].edits > best)) {
            found[key] = { key: key, edits: best, docs: flat[k + 1] };
          }
        }
      });
      // A word the forum has is corrected only to a word in more documents.
      var list = Object.keys(found).map(function (k) { return found[k]; })
        .filter(function (c) { return !strict || c.docs > own; });
      if (!list.length) return [];
      var least = Math.min.apply(null, list.map(function (c) { return c.edits; }));
      return list.filter(function (c) { return c.edits === least; })
        .sort(function (a, b) { return b.docs - a.docs || compare(a.key, b.key); })
        .slice(0, FUZZY_CANDIDATES);
    });
  }

  function fetchShards(manifest, numbers) {
    var previews = numbers.previews || {};
    return Promise.all(numbers.map(function (n) { return fetchShard(manifest, n, previews[n]); }));
  }

  /* lunr 2.3.9's Index.prototype.query, computed straight from the shard
     postings (docs/search.md, "Scoring"). The clauses are the ones
     buildQuery() gives a lunr.Query; lunr's score of a document is, per
     field it matches, the dot product of the query vector (each term's
     summed clause boosts) with the field vector (the stored scores, in
     ascending term index), divided by the query vector's length, and the
     fields' scores added in the order lunr first met them. The same
     operations in the same order give the same floats; no Vector,
     MatchData or Set is built, and only the results shown are
     materialised. Only what buildQuery() asks for is supported: optional
     clauses over all fields, wildcards, no edit distance. */
  var scratch = { size: 0, fields: 0, acc: null, first: null, docKey: null, touched: null };

  function scratchFor(fields, size) {
    if (scratch.fields === fields && scratch.size >= size) return scratch;
    var n = Math.max(1024, scratch.size);
    while (n < size) n *= 2;
    scratch = {
      size: n, fields: fields, acc: new Float64Array(fields * n), first: new Int32Array(fields * n),
      docKey: new Int32Array(n), touched: new Int32Array(n)
    };
    return scratch;
  }

  /* The order of lunr's TokenSet#toArray over a trie: a word before the
     words it begins, siblings in descending edge order, where edges are
     in Object.keys order (digits first, then the others as inserted,
     which is ascending). */
  function edgeRank(code) { return code >= 48 && code <= 57 ? code - 48 : 10 + code; }
  function tokenSetOrder(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return edgeRank(y) - edgeRank(x);
    }
    return a.length - b.length;
  }

  /* The index terms a clause term stands for, in lunr's order: itself if
     the index has it, or the terms its wildcards match ("" matches none). */
  function expand(vocabulary, term) {
    if (!term) return [];
    if (term.indexOf("*") < 0) return vocabulary.entry(term) ? [term] : [];
    var literal = term.slice(0, term.indexOf("*"));
    var pattern = new RegExp("^" + term.split("*").map(function (part) {
      return part.replace(/[\\^$.|?+()[\]{}]/g, "\\$&");
    }).join("[\\s\\S]*") + "$");
    return vocabulary.prefixed(fold(literal)).filter(function (t) { return pattern.test(t); }).sort(tokenSetOrder);
  }

  function rank(manifest, vocabulary, parsed) {
    var fields = manifest.fields, width = fields.length;
    var query = new lunr.Query(fields);
    buildQuery(parsed)(query);
    // The query vector: each expanded term's boosts summed in clause
    // order (lunr's upsert), and the terms in the order lunr meets them.
    var weight = Object.create(null), met = [];
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? manifest.searchPipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        expand(vocabulary, term).forEach(function (t) {
          if (t in weight) { weight[t] = weight[t] + clause.boost; } else { weight[t] = clause.boost; met.push(t); }
        });
      });
    });
    var terms = met.map(function (t, order) {
      return { term: t, order: order, index: vocabulary.entry(t)[1], postings: vocabulary.postings(t), weight: weight[t] };
    });
    var byIndex = terms.slice().sort(function (a, b) { return a.index - b.index; });
    var squares = 0, size = 0;
    byIndex.forEach(function (t) {
      squares += t.weight * t.weight;
      t.postings.forEach(function (p) { if (p.ids.length) size = Math.max(size, p.ids[p.ids.length - 1] + 1); });
    });
    var magnitude = Math.sqrt(squares);
    var s = scratchFor(width, size), stride = s.size, acc = s.acc, first = s.first, docKey = s.docKey, touched = s.touched;
    var count = 0;
    // Dot products in ascending term index; per field, the first term (in
    // lunr's order) that matched it; per document, the first (term, field)
    // block lunr put it in: lunr lists documents in that order.
    byIndex.forEach(function (t) {
      var w = t.weight, order = t.order;
      t.postings.forEach(function (p) {
        var ids = p.ids, values = p.values, base = p.field * stride, block = order * width + p.field + 1;
        for (var j = 0; j < ids.length; j++) {
          var d = ids[j], slot = base + d;
          acc[slot] += w * values[j];
          if (first[slot] === 0 || first[slot] > order + 1) first[slot] = order + 1;
          var key = docKey[d];
          if (key === 0) { touched[count++] = d; docKey[d] = block; } else if (block < key) docKey[d] = block;
        }
      });
    });
    var docs = new Int32Array(count), scores = new Float64Array(count), keys = new Int32Array(count);
    var blocks = new Int32Array(width), slots = new Int32Array(width);
    for (var i = 0; i < count; i++) {
      var d = touched[i], n = 0;
      for (var f = 0; f < width; f++) {
        var slot = f * stride + d;
        if (first[slot] === 0) continue;
        var block = (first[slot] - 1) * width + f, m = n++;
        while (m > 0 && blocks[m - 1] > block) { blocks[m] = blocks[m - 1]; slots[m] = slots[m - 1]; m--; }
        blocks[m] = block;
        slots[m] = slot;
      }
      var score = 0;
      for (var k = 0; k < n; k++) {
        var field = acc[slots[k]] / magnitude || 0;
        score = k === 0 ? field : score + field;
        acc[slots[k]] = 0;
        first[slots[k]] = 0;
      }
      docs[i] = d;
      scores[i] = score;
      keys[i] = docKey[d];
      docKey[d] = 0;
    }
    var ranking = new Ranking(docs, scores, keys, terms, fields);
    ranking.magnitude = magnitude;
    return ranking;
  }

  /* rank(), exact for the first k results (all of them without k): while
     a query term is split and not loaded whole, a document outside the
     loaded parts may still score higher, and a loaded one may lack the
     postings that complete its score. Each round loads, for the first k
     by score, the vectors of those whose score is not complete; then,
     while the term's next tail block could hold a document scoring at
     least the k-th (its highest impact × the term's weight ÷ the query's
     length, summed over the split terms), that block; then the vectors
     of any other document whose score could still reach the k-th. What
     the first k are and their order and scores are then lunr's; the
     number of results is only known at least (Ranking.partial). With
     `near` (the header's instant results, a preview) the first k are the
     best of the documents the fetched shards hold, their scores
     completed from their vectors: the terms that only the word being
     typed brought, as a prefix, are left as their heads hold them, and
     no further tail block or vector is loaded. */
  function settle(manifest, vocabulary, parsed, k, near) {
    var ranking = rank(manifest, vocabulary, parsed);
    var open = [], unloaded = [], named = near ? namedTerms(manifest, parsed) : null;
    ranking.terms.forEach(function (t) {
      var state = vocabulary.split(t.term);
      if (!state || state.tails.length === state.info.t.length) return;
      unloaded.push(state);
      if (!named || named[t.term]) open.push({ state: state, weight: t.weight });
    });
    if (unloaded.length) ranking.partial = { first: k, counts: leastCounts(ranking, unloaded) };
    if (!open.length) return Promise.resolve(ranking);
    function again() { return settle(manifest, vocabulary, parsed, k, near); }
    var states = open.map(function (o) { return o.state; });
    if (!k) return loadTails(manifest, states, Infinity).then(again);
    open.forEach(function (o) { o.theta = o.state.info.t[o.state.tails.length] / 1000 * o.weight / ranking.magnitude; });
    // The next block to load: of the term with the fewest loaded (the
    // blocks double in size), of the greatest bound among those.
    var deepest = open.reduce(function (a, o) {
      var x = o.state.tails.length, y = a.state.tails.length;
      return x < y || (x === y && o.theta > a.theta) ? o : a;
    });
    if (ranking.length < k) return loadTails(manifest, [deepest.state], 1).then(again);
    function bound(i) {
      var d = ranking.docs[i], b = ranking.scores[i];
      open.forEach(function (o) { if (!o.state.docs[d] && !hasVector(manifest, d, o.state)) b += o.theta; });
      return b;
    }
    ranking.ensure(k);
    var top = ranking.top.slice(0, k), inTop = Object.create(null);
    var missing = top.filter(function (i) { inTop[i] = true; return bound(i) > ranking.scores[i]; });
    if (missing.length) return loadVectors(manifest, missing.map(function (i) { return ranking.docs[i]; }), states).then(again);
    if (near) return Promise.resolve(ranking);
    // A document that could equal the k-th could come before it (equal
    // scores keep lunr's order of finding them).
    var floor = ranking.scores[top[k - 1]], slack = Math.abs(floor) * 1e-9 + 1e-12;
    var unseen = open.reduce(function (sum, o) { return sum + o.theta; }, 0);
    if (unseen >= floor - slack) return loadTails(manifest, [deepest.state], 1).then(again);
    var close = [];
    for (var i = 0; i < ranking.length; i++) {
      if (!inTop[i] && bound(i) > ranking.scores[i] && bound(i) >= floor - slack) close.push(ranking.docs[i]);
    }
    if (close.length > VECTORS_AT_ONCE) return loadTails(manifest, [deepest.state], 1).then(again);
    if (close.length) return loadVectors(manifest, close, states).then(again);
    return Promise.resolve(ranking);
  }

  /* The terms a query's words stand for (not those of the prefix alone). */
  function namedTerms(manifest, parsed) {
    var named = Object.create(null);
    parsed.words.forEach(function (word) { termsOf(manifest, word.toLowerCase()).forEach(function (t) { named[t] = true; }); });
    parsed.extra.forEach(function (clause) { if (clause.word >= 0) named[clause.term] = true; });
    return named;
  }

  /* Of a partial ranking: at least how many results, and per filter code:
     those it holds, or a split term's own count where that is more. */
  function leastCounts(ranking, states) {
    var codes = factCodes(loaded), total = ranking.length, byCode = Object.create(null);
    for (var i = 0; i < ranking.length; i++) {
      var code = codes[ranking.docs[i]];
      if (code) byCode[code - 1] = (byCode[code - 1] || 0) + 1;
    }
    states.forEach(function (state) {
      total = Math.max(total, state.info.n);
      var own = Object.create(null), c = state.info.c;
      for (var j = 0; j < c.length; j += 2) own[c[j]] = c[j + 1];
      Object.keys(own).forEach(function (code) { byCode[code] = Math.max(byCode[code] || 0, own[code]); });
    });
    return { total: total, byCode: byCode };
  }

  /* Results in lunr's order (score, highest first; equal scores in the
     order lunr found the documents), sorted only as far as they are read:
     length, and slice(), which materialises {ref, score, matchData}. */
  function Ranking(docs, scores, keys, terms, fields) {
    this.length = docs.length;
    this.docs = docs;
    this.scores = scores;
    this.keys = keys;
    this.terms = terms;
    this.fields = fields;
    this.top = null;
    this.sorted = 0;
  }

  Ranking.prototype.before = function (a, b) {
    var x = this.scores[a], y = this.scores[b];
    return x > y || (x === y && (this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.docs[a] < this.docs[b])));
  };

  Ranking.prototype.ensure = function (k) {
    var n = this.length, self = this;
    if (k <= this.sorted || this.sorted === n) return;
    if (k * 8 >= n) {
      var all = new Array(n);
      for (var i = 0; i < n; i++) all[i] = i;
      all.sort(function (a, b) { return self.before(a, b) ? -1 : self.before(b, a) ? 1 : 0; });
      this.top = all;
      this.sorted = n;
      return;
    }
    var top = [];  // the best k so far, in order
    for (var j = 0; j < n; j++) {
      if (top.length === k && !this.before(j, top[k - 1])) continue;
      var lo = 0, hi = top.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (this.before(top[mid], j)) lo = mid + 1; else hi = mid;
      }
      top.splice(lo, 0, j);
      if (top.length > k) top.pop();
    }
    this.top = top;
    this.sorted = k;
  };

  /* Fields the question side of a thread is made of: title, tags,
     category, question; the question's own text is QUESTION. */
  var QUESTION_FIELDS = 4, QUESTION = 3;

  Ranking.prototype.result = function (i) {
    var d = this.docs[i], metadata = Object.create(null), fields = this.fields;
    var question = { terms: Object.create(null), covered: 0, score: 0 }, replies = Object.create(null);
    function credit(side, term, value) {
      if (!side.terms[term]) { side.terms[term] = true; side.covered++; }
      side.score += value;
    }
    this.terms.forEach(function (t) {
      t.postings.forEach(function (p) {
        var ids = p.ids, lo = 0, hi = ids.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (ids[mid] < d) lo = mid + 1; else hi = mid;
        }
        if (!(lo < ids.length && ids[lo] === d)) return;
        (metadata[t.term] || (metadata[t.term] = {}))[fields[p.field]] = {};
        if (p.field < QUESTION_FIELDS) credit(question, t.term, p.field === QUESTION ? t.weight * p.values[lo] : 0);
        var place = p.places ? p.places[lo] : 0;
        if (place) credit(replies[place] || (replies[place] = { terms: Object.create(null), covered: 0, score: 0 }), t.term, t.weight * p.values[lo]);
      });
    });
    return { ref: String(d), score: this.scores[i], matchData: { metadata: metadata }, reply: bestReply(question, replies) };
  };

  /* The reply a result points at (its number, for its anchor), or 0 for the
     question: the reply that holds more of the query's terms than the
     question side (title, tags, category, question), or as many and
     scores higher than the question's own text. */
  function bestReply(question, replies) {
    var best = 0, most = null;
    Object.keys(replies).forEach(function (place) {
      var r = replies[place];
      if (!most || r.covered > most.covered || (r.covered === most.covered && r.score > most.score)) { most = r; best = Number(place); }
    });
    if (!most || most.covered < question.covered || (most.covered === question.covered && most.score <= question.score)) return 0;
    return best;
  }

  Ranking.prototype.slice = function (start, end) {
    var n = this.length;
    start = Math.max(0, Math.min(start || 0, n));
    end = end === undefined ? n : Math.max(start, Math.min(end, n));
    this.ensure(end);
    var out = [];
    for (var i = start; i < end; i++) out.push(this.result(this.top[i]));
    return out;
  };

  /* The results of `exact` (a few), then those of `more` that are not among them. */
  function Joined(exact, more) {
    var shown = Object.create(null);
    this.exact = exact.slice();
    this.exact.forEach(function (r) { shown[r.ref] = true; });
    var skipped = 0;
    for (var i = 0; i < more.length; i++) if (shown[more.docs[i]]) skipped++;
    this.shown = shown;
    this.more = more;
    this.length = this.exact.length + more.length - skipped;
    this.partial = more.partial;
  }

  Joined.prototype.slice = function (start, end) {
    start = start || 0;
    end = end === undefined ? this.length : Math.min(end, this.length);
    var rest = this.more.slice(0, Math.min(this.more.length, end + this.exact.length)), shown = this.shown;
    var all = this.exact.concat(rest.filter(function (r) { return !shown[r.ref]; }));
    return all.slice(start, end);
  };

  /* Run a query: resolves to {manifest, results, parsed, corrected, reason, plans}.
     results: a Ranking (length, slice()); corrected: per word, the
     correction searched for it (or null); plans: the clauses of each
     scoring pass (the ranking test runs them through lunr). */
  /* options.corrections false: no typo corrections (the ranking
     comparison with one unsharded index, which has no typo vocabulary). */
  function search(text, typing, options) {
    return find(text, typing, options || {}).then(function (done) {
      // Only words the index leaves out (hur, och): say so rather than "no results".
      if (!done.reason && !done.results.length && done.parsed.onlyStopWords) done.reason = "stopwords";
      return done;
    });
  }

  function find(text, typing, options) {
    return load().then(function (manifest) {
      loaded = manifest;
      var parsed = parse(text, typing);
      var done = { manifest: manifest, results: [], parsed: parsed, corrected: [], reason: null, plans: [] };
      done.complete = function () { return search(text, typing, Object.assign({}, options, { first: 0 })); };
      if (!parsed.words.length) {
        done.reason = "nowords";
        return done;
      }
      var words = candidates(manifest, parsed), keys = [], typed = [];
      words.forEach(function (w, i) {
        var own = options.nearPrefix && parsed.prefix && i === words.length - 1 ? typed : keys;
        w.forms.forEach(function (f) { own.push(f.key); });
      });
      return neededShards(manifest, keys, parsed.prefix, options.nearPrefix, typed).then(function (numbers) {
        return fetchShards(manifest, numbers);
      }).then(function (shards) {
        var known = resolve(parsed, words, shardVocabulary(shards));
        // The word being typed is not corrected before it is finished.
        if (parsed.prefix) known[words.length - 1] = true;
        var unknown = options.corrections === false ? [] : words.filter(function (w, i) { return !known[i]; });
        return correct(manifest, parsed, words, unknown, shards).then(function (corrected) {
          done.corrected = corrected.byWord;
          return ranked(manifest, done, shardVocabulary(corrected.shards), options).then(function (results) {
            done.results = results;
            if (results.length >= FEW || typing || options.corrections === false) return done;
            return fewer(manifest, done, words, known, corrected, options);
          });
        });
      });
    });
  }

  /* One scoring pass of a search, its clauses kept in done.plans. */
  function ranked(manifest, done, vocabulary, options) {
    var parsed = done.parsed;
    done.plans.push({ words: parsed.words.slice(), prefix: parsed.prefix, extra: parsed.extra.slice() });
    return settle(manifest, vocabulary, parsed, options.first, options.nearPrefix);
  }

  /* Few results: corrections for the known words too, ranked after every exact match. */
  function fewer(manifest, done, words, known, corrected, options) {
    var parsed = done.parsed;
    var rest = words.filter(function (w, i) { return known[i] && !corrected.byWord[i]; });
    if (!rest.length) return done;
    var exact = done.results, before = parsed.extra.slice();
    return correct(manifest, parsed, words, rest, corrected.shards, true).then(function (more) {
      if (parsed.extra.length === before.length) { parsed.extra = before; return done; }
      return ranked(manifest, done, shardVocabulary(more.shards), options).then(function (ranking) {
        done.results = new Joined(exact, ranking);
        more.byWord.forEach(function (c, i) { if (c) done.corrected[i] = c; });
        parsed.extra = before.concat(parsed.extra.slice(before.length));
        return done;
      });
    });
  }

  /* Typo corrections for some words: adds their clauses to parsed.extra
     and resolves to {shards, byWord}. */
  function correct(manifest, parsed, words, which, shards, strict) {
    var byWord = words.map(function () { return null; });
    var stop = lunr.Pipeline.registeredFunctions[manifest.stopWords];
    which = which.filter(function (w) { return !stop || stop(new lunr.Token(w.lower, {})); });
    if (!which.length) return Promise.resolve({ shards: shards, byWord: byWord });
    which.forEach(function (w) {
      var i = words.indexOf(w);
      w.resolved = Object.create(null);
      w.own.forEach(function (t) { w.resolved[fold(t)] = true; });
      parsed.extra.forEach(function (c) { if (c.word === i) w.resolved[fold(c.term)] = true; });
    });
    return Promise.all(which.map(function (w) { return corrections(manifest, w, strict); })).then(function (lists) {
      var keys = [];
      lists.forEach(function (list) { list.forEach(function (c) { keys.push(c.key); }); });
      if (!keys.length) return { shards: shards, byWord: byWord };
      return neededShards(manifest, keys, null).then(function (numbers) {
        return fetchShards(manifest, numbers);
      }).then(function (more) {
        var all = shards.concat(more.filter(function (s) { return shards.indexOf(s) < 0; }));
        var vocabulary = shardVocabulary(all);
        lists.forEach(function (list, n) {
          var i = words.indexOf(which[n]);
          list.forEach(function (c) {
            var spellings = vocabulary.spellings(c.key);
            spellings.forEach(function (term) {
              parsed.extra.push({ term: term, boost: c.edits === 1 ? BOOST.fuzzy1 : BOOST.fuzzy2, word: i });
            });
            if (!byWord[i] && spellings.length) byWord[i] = { key: c.key, term: mostUsed(vocabulary, spellings) };
          });
        });
        return { shards: all, byWord: byWord };
      });
    });
  }

  /* Of the spellings of a key, the one in most documents. */
  function mostUsed(vocabulary, terms) {
    var best = null, most = -1;
    terms.forEach(function (term) {
      var entry = vocabulary.entry(term), docs = 0;
      if (isSplit(entry)) docs = entry[2].n;
      else for (var k = 3; k < entry.length; k++) docs += entry[k][1].length / 2;
      if (docs > most) { most = docs; best = term; }
    });
    return best;
  }

  /* The query with each corrected word replaced: the correction's term
     with the ending the visitor typed after the word's own term. */
  function suggestion(found) {
    var changed = false;
    var words = found.parsed.words.map(function (word, i) {
      var c = found.corrected[i];
      if (!c) return word;
      var lower = word.toLowerCase(), own = termsOf(found.manifest, lower)[0] || lower;
      var ending = lower.lastIndexOf(own, 0) === 0 ? lower.slice(own.length) : "";
      changed = true;
      return c.term + ending;
    });
    return changed ? words.join(" ") : null;
  }

  /* Documents are numbered from 0, manifest.docs.size to a chunk (d.),
     as many to a title file (n.: what the instant results show). */
  function rowFor(manifest, kind, id) {
    var group = kind === "n" ? manifest.titles : manifest.docs;
    var name = kind + "." + group.id + "." + Math.floor(id / group.size) + ".json";
    if (!chunkCache[name]) {
      chunkCache[name] = getJSON(base + name).then(function (rows) {
        var byId = {};
        rows.forEach(function (row) { byId[row[0]] = row; });
        return byId;
      });
      chunkCache[name].catch(function () { delete chunkCache[name]; });
    }
    return chunkCache[name].then(function (byId) { return byId[id]; });
  }

  /* What each document can be narrowed by (torget.search.index.doc_facts),
     by id: code + 1, 0 while unknown. The shards carry the codes per term,
     for the documents it is in, in ascending id (encode_term); decoding a
     term's postings keeps them, so every document a ranking holds has
     its facts without a file for the whole forum. */
  var factsStore = {};
  function factCodes(manifest) {
    var name = manifest.shards.id;
    if (!factsStore[name]) factsStore[name] = new Uint16Array(manifest.count);
    return factsStore[name];
  }

  function keepFacts(codes, postings, facts) {
    if (!facts) return;
    var ids = [];
    postings.forEach(function (p) { for (var j = 0; j < p.ids.length; j++) ids.push(p.ids[j]); });
    ids.sort(function (a, b) { return a - b; });
    for (var i = 0, n = 0; i < ids.length; i++) {
      if (i && ids[i] === ids[i - 1]) continue;
      codes[ids[i]] = facts.charCodeAt(n++) - 47;
    }
  }

  function facts(manifest) {
    if (!manifest.facts) return Promise.resolve(null);
    var codes = factCodes(manifest), types = manifest.facts.types;
    function ofCode(code) {
      var kind = (code >> 1) % types.length;
      return { type: types[kind], category: Math.floor((code >> 1) / types.length), answered: (code & 1) === 1 };
    }
    return Promise.resolve({
      length: codes.length,
      of: function (id) { return ofCode(codes[id] - 1); },
      ofCode: ofCode
    });
  }

  /* Every document of a result list, in no particular order. */
  function allDocs(results) {
    if (results instanceof Ranking) return Array.prototype.slice.call(results.docs);
    if (results instanceof Joined) {
      var out = results.exact.map(function (r) { return Number(r.ref); });
      for (var i = 0; i < results.more.length; i++) if (!results.shown[results.more.docs[i]]) out.push(results.more.docs[i]);
      return out;
    }
    return results.map(function (r) { return Number(r.ref); });
  }

  function resultFor(results, doc) {
    if (results instanceof Ranking) {
      if (!results.position) {
        results.position = Object.create(null);
        for (var i = 0; i < results.length; i++) results.position[results.docs[i]] = i;
      }
      return results.result(results.position[doc]);
    }
    var exact = (results.exact || results).filter(function (r) { return Number(r.ref) === doc; })[0];
    return exact || resultFor(results.more, doc);
  }

  /* Per filter value, how many of the results have it; of a partial
     ranking (settle()), at least how many (counts.least). */
  function countFacts(results, table) {
    var counts = { total: 0, type: {}, category: {}, answered: { yes: 0, no: 0 }, least: !!results.partial };
    function add(f, n) {
      counts.type[f.type] = (counts.type[f.type] || 0) + n;
      counts.category[f.category] = (counts.category[f.category] || 0) + n;
      counts.answered[f.answered ? "yes" : "no"] += n;
    }
    if (!results.partial) {
      allDocs(results).forEach(function (doc) { add(table.of(doc), 1); });
      counts.total = results.length;
      return counts;
    }
    var least = results.partial.counts;
    counts.total = least.total;
    Object.keys(least.byCode).forEach(function (code) { add(table.ofCode(Number(code)), least.byCode[code]); });
    return counts;
  }

  /* The results narrowed to the documents keep(id) accepts, in lunr's
     order (scores untouched) or newest first: documents are numbered by
     last activity, so that is descending id. Same interface as a
     Ranking: length and slice(). */
  function Narrowed(results, keep, newest) {
    var docs = allDocs(results).filter(keep);
    this.results = results;
    this.keep = keep;
    this.length = docs.length;
    this.order = newest ? docs.sort(function (a, b) { return b - a; }) : null;
    this.found = [];
    this.walked = 0;
  }

  Narrowed.prototype.slice = function (start, end) {
    end = end === undefined ? this.length : Math.min(end, this.length);
    var results = this.results;
    if (this.order) return this.order.slice(start, end).map(function (doc) { return resultFor(results, doc); });
    while (this.found.length < end && this.walked < results.length) {
      var batch = results.slice(this.walked, this.walked + Math.max(50, 2 * (end - this.found.length)));
      this.walked += batch.length;
      for (var i = 0; i < batch.length; i++) if (this.keep(Number(batch[i].ref))) this.found.push(batch[i]);
    }
    return this.found.slice(start, end);
  };

  /* filters: {types: [...], category: number or -1, answered: "yes"/"no"/"", sort: "newest"/""}. */
  function narrow(results, table, filters) {
    var types = filters.types || [], category = filters.category === undefined ? -1 : filters.category;
    var answered = filters.answered || "", newest = filters.sort === "newest";
    if (!types.length && category < 0 && !answered && !newest) return results;
    return new Narrowed(results, function (doc) {
      var f = table.of(doc);
      return (!types.length || types.indexOf(f.type) >= 0) && (category < 0 || f.category === category) &&
        (!answered || f.answered === (answered === "yes"));
    }, newest);
  }

  function documents(manifest, results, kind) {
    return Promise.all(results.map(function (result) { return rowFor(manifest, kind || "d", Number(result.ref)); }));
  }

  /* Expose the engine for tests and benchmarks; it holds no page state. */
  window.torgetSearch = {
    load: function () { return load().then(function (m) { loaded = m; return m; }); },
    search: search, documents: documents, parse: parse, buildQuery: buildQuery, forget: forget,
    planFor: planFor, fold: fold, distance: distance, suggestion: suggestion,
    facts: facts, countFacts: countFacts, narrow: narrow
  };

  /* Prefetch on focus, from any page. */
  Array.prototype.forEach.call(forms, function (form) {
    var box = form.querySelector("input[type=search]");
    if (box) box.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  });


  /* The thread's URL with the words to highlight (highlight.js) and,
     when a reply matched best, its anchor (the manifest's replyAnchor,
     from torget.addresses). */
  function threadLink(manifest, href, terms, reply) {
    var words = terms.filter(Boolean).join(" ");
    var anchor = reply ? "#" + manifest.replyAnchor.replace("{number}", reply) : "";
    return href + (words ? "?highlight=" + encodeURIComponent(words) : "") + anchor;
  }

  /* Instant results in the header's search box: from INSTANT_LETTERS
     letters on, the first INSTANT results in a listbox, following the
     WAI-ARIA combobox pattern (arrow keys move, Enter opens the chosen
     one or, with none chosen, submits to the search page; Escape closes;
     a live region says how many). The roles are added here, so without
     JavaScript the box is a plain search box. */
  var INSTANT = 5, INSTANT_LETTERS = 3, INSTANT_DELAY = 150;

  function instant(input) {
    var box = new Instant(input);
    input.addEventListener("input", function () {
      clearTimeout(box.timer);
      box.timer = setTimeout(function () { box.ask(); }, INSTANT_DELAY);
    });
    input.addEventListener("keydown", function (event) { box.key(event); });
    input.addEventListener("blur", function () { box.close(); });
    input.form.addEventListener("submit", function () { box.asked++; clearTimeout(box.timer); box.close(); });
  }

  function Instant(input) {
    var list = document.createElement("ul"), live = document.createElement("p");
    this.input = input;
    this.list = list;
    this.live = live;
    this.id = input.id + "-list";
    this.timer = null;
    this.asked = 0;
    this.active = -1;
    this.links = [];
    list.id = this.id;
    list.className = "instant-results";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.id);
    input.form.classList.add("has-instant");
    input.form.appendChild(list);
    input.form.appendChild(live);
  }

  Instant.prototype.choose = function (index) {
    var options = this.list.children;
    if (this.active >= 0 && options[this.active]) options[this.active].setAttribute("aria-selected", "false");
    this.active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Instant.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.choose(-1);
  };

  Instant.prototype.open = function () {
    if (!this.list.children.length) return;
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Instant.prototype.option = function (manifest, row, result, i) {
    var option = document.createElement("li"), href = threadLink(manifest, row[1], Object.keys(result.matchData.metadata), result.reply);
    option.id = this.id + "-" + i;
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.appendChild(document.createTextNode(row[2]));
    if (row[3] >= 0) {
      var category = document.createElement("span");
      category.className = "instant-category";
      category.textContent = manifest.categories[row[3]];
      option.appendChild(category);
    }
    option.addEventListener("mousedown", function (event) { event.preventDefault(); });
    option.addEventListener("click", function () { location.href = href; });
    this.links.push(href);
    return option;
  };

  Instant.prototype.show = function (manifest, rows, results) {
    var self = this, input = this.input;
    /* The page's own words, in its language, on the search box (base.html). */
    function words(name, n) { return (input.getAttribute("data-" + name) || "").split("{n}").join(String(n)); }
    this.list.textContent = "";
    this.links = [];
    this.active = -1;
    this.list.setAttribute("aria-label", words("instant"));
    rows.forEach(function (row, i) { if (row) self.list.appendChild(self.option(manifest, row, results[i], i)); });
    var n = this.links.length;
    this.live.textContent = words(n === 0 ? "instant-0" : n === 1 ? "instant-1" : "instant-n", n);
    if (n) this.open(); else this.close();
  };

  Instant.prototype.ask = function () {
    var self = this, input = this.input, text = input.value, mine = ++this.asked;
    if (text.replace(/[^\p{L}\p{N}]/gu, "").length < INSTANT_LETTERS) {
      this.close();
      this.list.textContent = this.live.textContent = "";
      this.links = [];
      return;
    }
    // A last word of one or two letters is not a word yet: the list stays
    // that of the words before it.
    search(text.replace(/\s+[\p{L}\p{N}]{1,2}$/u, ""), true, { nearPrefix: true, first: INSTANT }).then(function (found) {
      if (mine !== self.asked) return null;
      var results = found.results.slice(0, INSTANT);
      return documents(found.manifest, results, "n").then(function (rows) {
        if (mine === self.asked && document.activeElement === input) self.show(found.manifest, rows, results);
      });
    }).catch(function () { if (mine === self.asked) self.close(); });
  };

  /* Arrow keys move (opening a closed list), Enter opens the chosen
     result, Escape closes, Tab leaves. */
  Instant.prototype.key = function (event) {
    var n = this.links.length, down = event.key === "ArrowDown";
    if ((down || event.key === "ArrowUp") && n) {
      event.preventDefault();
      if (this.list.hidden) { this.open(); this.choose(down ? 0 : n - 1); return; }
      var next = this.active + (down ? 1 : -1);
      this.choose(next >= n || next < -1 ? -1 : next);
    } else if (event.key === "Enter" && !this.list.hidden && this.active >= 0) {
      event.preventDefault();
      location.href = this.links[this.active];
    } else if ((event.key === "Escape" && !this.list.hidden) || event.key === "Tab") {
      if (event.key === "Escape") event.preventDefault();
      this.close();
    }
  };

  var header = document.getElementById("site-search");
  if (header) instant(header);

  var app = document.getElementById("search-app");
  if (app) searchPage(app, document.getElementById("search-input"));

  function searchPage(app, input) {
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var months = app.getAttribute("data-months").split(",");
    var current = { text: null, all: [], results: [], shown: 0, manifest: null, table: null };
    var filters = readFilters(new URLSearchParams(location.search));
    var panel = document.getElementById("search-filters");
    var timer = null;
    var generation = 0;
    app.hidden = false;

    function message(name, values) {
      var text = app.getAttribute("data-" + name) || "";
      Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
      return text;
    }

    function typeName(type) {
      return app.getAttribute(type === "faq" ? "data-faq" : "data-type-" + type) || type;
    }

    function dateText(iso) {
      var parts = iso.split("-");
      return Number(parts[2]) + " " + months[Number(parts[1]) - 1] + " " + parts[0];
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.appendChild(document.createTextNode(text));
      return node;
    }

    /* The excerpt as text nodes, with words whose terms matched in <mark>. */
    function snippet(manifest, text, matched) {
      var p = element("p", "search-snippet");
      text.split(/(\s+)/).forEach(function (piece) {
        var parts = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u.exec(piece);
        var terms = parts[2] ? manifest.searchPipeline.runString(parts[2].toLowerCase()) : [];
        if (terms.some(function (term) { return matched[term]; })) {
          if (parts[1]) p.appendChild(document.createTextNode(parts[1]));
          p.appendChild(element("mark", null, parts[2]));
          if (parts[3]) p.appendChild(document.createTextNode(parts[3]));
        } else {
          p.appendChild(document.createTextNode(piece));
        }
      });
      return p;
    }

    function render(manifest, results, rows) {
      rows.forEach(function (row, i) {
        if (!row) return;
        var matched = results[i].matchData.metadata, reply = results[i].reply;
        var item = element("li", "search-result");
        var heading = element("h2");
        var link = element("a", null, row[2]);
        link.href = threadLink(manifest, row[1], Object.keys(matched), reply);
        heading.appendChild(link);
        item.appendChild(heading);
        var meta = element("p", "thread-meta");
        meta.appendChild(element("span", "badge badge-" + row[3], typeName(row[3])));
        if (row[4] >= 0) meta.appendChild(element("span", null, manifest.categories[row[4]]));
        var time = element("time", null, dateText(row[5]));
        time.setAttribute("datetime", row[5]);
        meta.appendChild(time);
        item.appendChild(meta);
        var by = reply && row[7] && row[7][reply - 1];
        if (by) {
          var answer = element("p", "search-answer", by[0] ? message("reply-by", { author: by[0] }) : message("reply-staff"));
          answer.appendChild(document.createTextNode(" "));
          var when = element("time", null, dateText(by[1]));
          when.setAttribute("datetime", by[1]);
          answer.appendChild(when);
          item.appendChild(answer);
        }
        item.appendChild(snippet(manifest, row[6], matched));
        list.appendChild(item);
      });
    }

    /* The filter panel (search.html) shows and sets `filters`. */
    function readFilters(params) {
      return {
        types: params.getAll("type"), category: params.get("category") || "",
        answered: params.get("answered") || "", sort: params.get("sort") || ""
      };
    }

    function showFilters() {
      if (!panel) return;
      panel.querySelectorAll("input[name=type]").forEach(function (box) { box.checked = filters.types.indexOf(box.value) >= 0; });
      ["category", "answered", "sort"].forEach(function (name) {
        var select = panel.querySelector("select[name=" + name + "]");
        if (select) select.value = filters[name];
        if (select && select.value !== filters[name]) { select.value = ""; filters[name] = ""; }
      });
    }

    function engineFilters(manifest) {
      return {
        types: filters.types, answered: filters.answered, sort: filters.sort,
        category: filters.category ? manifest.categories.indexOf(filters.category) : -1
      };
    }

    /* "(n)" beside each value: how many of this query's results have it;
       "(n+)" while that is only known at least. */
    function showCounts(counts) {
      if (!panel) return;
      panel.querySelectorAll("[data-count]").forEach(function (node) {
        var parts = node.getAttribute("data-count").split(":"), n = "";
        if (counts && parts[0] === "total") {
          n = counts.total;
        } else if (counts && parts[0] === "category") {
          n = counts.category[current.manifest.categories.indexOf(parts[1])] || 0;
        } else if (counts) {
          n = counts[parts[0]][parts[1]] || 0;
        }
        // While counts are lower bounds, "at least 0" says nothing: no count.
        var text = !counts || (counts.least && !n) ? "" : "(" + n + (counts.least ? "+" : "") + ")";
        if (node.tagName === "OPTION") node.textContent = node.getAttribute("data-label") + (text ? " " + text : "");
        else node.textContent = text;
      });
    }

    function showMore() {
      var start = current.shown, mine = generation;
      if (start >= PAGE && current.all.partial) {
        return complete().then(function (still) { if (still && mine === generation) return showMore(); });
      }
      var slice = current.results.slice(start, start + PAGE);
      current.shown += slice.length;
      more.hidden = current.shown >= (current.results.partial ? current.results.partial.counts.total : current.results.length);
      return documents(current.manifest, slice).then(function (rows) {
        if (mine === generation) render(current.manifest, slice, rows);
      });
    }

    var suggestionNode = null;

    function showSuggestion(found) {
      if (suggestionNode) { suggestionNode.remove(); suggestionNode = null; }
      var words = found && found.results.length < FEW || found && found.corrected.some(Boolean) ? suggestion(found) : null;
      if (!words) return;
      suggestionNode = element("p", "search-suggestion", message("suggest"));
      suggestionNode.id = "search-suggestion";
      var link = element("a", null, words);
      link.href = url(words);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = words;
        history.pushState({ q: words }, "", url(words));
        typingEntry = false;
        run(words, false);
      });
      suggestionNode.appendChild(link);
      suggestionNode.appendChild(document.createTextNode(message("suggest-end")));
      app.insertBefore(suggestionNode, list);
    }

    /* After each search (search.html): the ask box (#fraga) is shown, its
       link and every other a[data-href-template] carrying the query; the
       "no dead end" block only with few results. */
    function showHelp(text, count) {
      document.querySelectorAll("a[data-href-template]").forEach(function (link) {
        link.href = link.getAttribute("data-href-template").split("{query}").join(encodeURIComponent(text.trim()));
      });
      var ask = document.getElementById("fraga");
      if (ask) ask.hidden = false;
      var help = document.getElementById("search-help");
      if (help) help.hidden = count === null || count >= FEW;
    }

    /* A submitted search (Enter, the search button, or arriving with ?q=)
       is reported as a Matomo site search when the forum is configured
       for it (TORGET_MATOMO_URL): one beacon, no script of Matomo's, no
       cookie of the forum's. Typing, paging and going back report nothing. */
    function report(manifest, text, count) {
      var matomo = manifest.analytics;
      if (!matomo || !navigator.sendBeacon || !text.trim()) return;
      var query = new URLSearchParams({
        idsite: matomo.site, rec: "1", apiv: "1", url: location.href,
        search: text.trim().slice(0, MAX_QUERY), search_count: String(count)
      });
      navigator.sendBeacon(matomo.matomo + "matomo.php?" + query.toString());
    }

    function run(text, typing, retried, submitted) {
      var mine = ++generation;
      if (!text.trim()) {
        list.textContent = "";
        more.hidden = true;
        showSuggestion(null);
        showCounts(null);
        showHelp(text, null);
        status.textContent = message("hint");
        return Promise.resolve();
      }
      status.textContent = message("loading");
      var table = load().then(facts).catch(function () { return null; });
      return Promise.all([search(text, typing, { first: PAGE }), table]).then(function (both) {
        var found = both[0];
        if (mine !== generation) return;
        current = { text: text, found: found, all: found.results, shown: 0, manifest: found.manifest, table: both[1] };
        return showResults().then(function () {
          if (mine !== generation) return;
          showSuggestion(found.reason ? null : found);
          showHelp(text, found.results.length);
          if (submitted) report(found.manifest, text, found.results.length);
        });
      }).catch(function () {
        if (mine !== generation) return;
        if (!retried) {
          forget();  // the site was probably rebuilt since the manifest was read
          return run(text, typing, true, submitted);
        }
        status.textContent = message("error");
        showHelp(text, 0);  // no dead end when the search itself fails
      });
    }

    /* The whole result list where only its first page is known
       (settle()): for filters, another order or the next page. */
    function complete() {
      if (!current.all.partial) return Promise.resolve(true);
      var mine = generation;
      return current.found.complete().then(function (found) {
        if (mine !== generation) return false;
        current.found = found;
        current.all = found.results;
        current.results = current.table ? narrow(current.all, current.table, engineFilters(found.manifest)) : current.all;
        return true;
      });
    }

    /* The current results through the filters: list, counts, status. */
    function showResults() {
      var mine = generation;
      var whole = current.all.partial && (filterCount() || filters.sort) ? complete() : Promise.resolve(true);
      return whole.then(function (still) { if (still && mine === generation) return showNarrowed(); });
    }

    function showNarrowed() {
      var found = current.found, table = current.table, mine = generation;
      current.results = table ? narrow(current.all, table, engineFilters(found.manifest)) : current.all;
      current.shown = 0;
      list.textContent = "";
      showCounts(table && !found.reason ? countFacts(current.all, table) : null);
      return showMore().then(function () {
        if (mine !== generation) return;
        var n = current.all.length;
        var shown = current.text.trim().slice(0, MAX_QUERY);
        if (found.reason === "nowords") {
          status.textContent = message("nowords");
        } else if (found.reason === "stopwords") {
          status.textContent = message(found.parsed.words.length === 1 ? "stopword" : "stopwords",
                                       { q: found.parsed.words.join(" ") });
        } else {
          if (current.all.partial) n = current.all.partial.counts.total;
          var count = current.all.partial ? message("count-least", { n: n, q: shown }) : !filterCount()
            ? message(n === 0 ? "count-0" : n === 1 ? "count-1" : "count-n", { n: n, q: shown })
            : message("count-filtered", { n: current.results.length, total: n, q: shown });
          status.textContent = count +
            (found.parsed.long ? " " + message("long", { n: String(MAX_QUERY), w: String(MAX_WORDS) }) : "");
        }
      });
    }

    function filterCount() {
      return filters.types.length + (filters.category ? 1 : 0) + (filters.answered ? 1 : 0);
    }

    function url(text) {
      var params = new URLSearchParams();
      if (text.trim()) params.append("q", text.trim());
      filters.types.forEach(function (type) { params.append("type", type); });
      ["category", "answered", "sort"].forEach(function (name) { if (filters[name]) params.append(name, filters[name]); });
      var query = params.toString();
      return location.pathname + (query ? "?" + query : "");
    }

    if (panel) {
      panel.addEventListener("change", function () {
        filters = {
          types: Array.prototype.filter.call(panel.querySelectorAll("input[name=type]"), function (box) { return box.checked; })
            .map(function (box) { return box.value; }),
          category: panel.querySelector("select[name=category]").value,
          answered: panel.querySelector("select[name=answered]").value,
          sort: panel.querySelector("select[name=sort]").value
        };
        history.pushState({ q: input.value }, "", url(input.value));
        typingEntry = false;
        if (current.found && current.text === input.value) {
          generation++;
          showResults();
        } else {
          run(input.value, false);
        }
      });
    }

    /* Typing makes one history entry (replaced while typing on); submitting
       settles it, or adds one when nothing was typed since. */
    var typingEntry = false;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (typingEntry) history.replaceState({ q: input.value }, "", url(input.value));
        else history.pushState({ q: input.value }, "", url(input.value));
        typingEntry = true;
        run(input.value, true);
      }, 200);
    });
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      if (typingEntry) history.replaceState({ q: input.value }, "", url(input.value));
      else history.pushState({ q: input.value }, "", url(input.value));
      typingEntry = false;
      run(input.value, false, false, true);
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });
    window.addEventListener("popstate", function () {
      clearTimeout(timer);
      typingEntry = false;
      var params = new URLSearchParams(location.search), q = params.get("q") || "";
      filters = readFilters(params);
      showFilters();
      input.value = q;
      run(q, false);
    });

    var initial = new URLSearchParams(location.search).get("q") || "";
    showFilters();
    input.value = initial;
    run(initial, false, false, true);
  }
})();
