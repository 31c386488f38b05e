/* Torget search: lunr.js over a sharded index, loaded on demand.
 *
 * Nothing is fetched on a plain page view. Focusing a search box fetches
 * the manifest and lunr.js; the search page then fetches only the term
 * shards its query needs and the document chunks of the results shown,
 * expands the shards into one lunr index and lets lunr score it.
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
  var indexCache = { key: null, index: null };

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
    chunkCache = {};
    indexCache = { key: null, index: null };
  }

  /* Which shard holds a term: the last boundary <= term (JS string order). */
  function shardFor(manifest, term) {
    var lo = 0, hi = manifest.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (manifest.shards[mid][0] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* The query: every word through the pipeline; while typing, the last
     word also as a prefix. The same function runs on the reference index
     in the ranking test. */
  function parse(text, typing) {
    // "*" would be a lunr wildcard even inside a word: it is never one here.
    var words = lunr.tokenizer(text.slice(0, MAX_QUERY).replace(/\*/g, " ")).map(String).filter(Boolean)
      .slice(0, MAX_WORDS);
    var last = words.length && !/\s$/.test(text)
      ? words[words.length - 1].replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "") : "";
    return { words: words, prefix: typing && last.length >= MIN_PREFIX ? last : null };
  }

  function buildQuery(parsed) {
    return function (query) {
      parsed.words.forEach(function (word) { query.term(word, { usePipeline: true }); });
      if (parsed.prefix) {
        query.term(parsed.prefix, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      }
    };
  }

  function neededShards(manifest, parsed) {
    var wanted = {};
    parsed.words.forEach(function (word) {
      manifest.searchPipeline.runString(word).forEach(function (term) { wanted[shardFor(manifest, term)] = true; });
    });
    if (parsed.prefix) {
      var first = shardFor(manifest, parsed.prefix), last = shardFor(manifest, parsed.prefix + "\uffff");
      for (var i = first; i <= last; i++) wanted[i] = true;
    }
    return Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
  }

  function fetchShard(manifest, number) {
    var name = manifest.shards[number][1];
    if (!shardCache[name]) {
      shardCache[name] = getJSON(base + name);
      shardCache[name].catch(function () { delete shardCache[name]; });
    }
    return shardCache[name];
  }

  /* Expand compact shards into one serialized lunr index and load it. */
  function indexFor(manifest, numbers, shards) {
    var key = numbers.join(",");
    if (indexCache.key === key) return indexCache.index;
    var fields = manifest.fields, inverted = [], vectors = {};
    shards.forEach(function (shard) {
      shard.forEach(function (entry) {
        var termIndex = entry[1], posting = { _index: termIndex };
        fields.forEach(function (field) { posting[field] = {}; });
        for (var k = 2; k < entry.length; k++) {
          var field = fields[entry[k][0]], flat = entry[k][1], id = 0;
          for (var j = 0; j < flat.length; j += 2) {
            id += flat[j];
            var ref = String(id), vectorKey = field + "/" + ref;
            posting[field][ref] = {};
            (vectors[vectorKey] || (vectors[vectorKey] = [])).push([termIndex, flat[j + 1] / 1000]);
          }
        }
        inverted.push([entry[0], posting]);
      });
    });
    var fieldVectors = Object.keys(vectors).map(function (vectorKey) {
      var pairs = vectors[vectorKey].sort(function (a, b) { return a[0] - b[0]; }), flat = [];
      pairs.forEach(function (pair) { flat.push(pair[0], pair[1]); });
      return [vectorKey, flat];
    });
    var index = lunr.Index.load({
      version: lunr.version, fields: fields, fieldVectors: fieldVectors,
      invertedIndex: inverted, pipeline: manifest.pipeline
    });
    indexCache = { key: key, index: index };
    return index;
  }

  /* Run a query: resolves to {manifest, results}. */
  function search(text, typing) {
    return load().then(function (manifest) {
      var parsed = parse(text, typing);
      if (!parsed.words.length) return { manifest: manifest, results: [] };
      var numbers = neededShards(manifest, parsed);
      return Promise.all(numbers.map(function (n) { return fetchShard(manifest, n); })).then(function (shards) {
        var index = indexFor(manifest, numbers, shards);
        return { manifest: manifest, results: index.query(buildQuery(parsed)) };
      });
    });
  }

  function chunkFor(manifest, id) {
    var lo = 0, hi = manifest.docs.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (manifest.docs[mid][0] <= id) lo = mid; else hi = mid - 1;
    }
    var name = manifest.docs[lo][1];
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

  function documents(manifest, results) {
    return Promise.all(results.map(function (result) { return chunkFor(manifest, Number(result.ref)); }));
  }

  /* Expose the engine for tests and benchmarks; it holds no page state. */
  window.torgetSearch = {
    load: load, search: search, documents: documents, parse: parse, buildQuery: buildQuery, forget: forget
  };

  /* Prefetch on focus, from any page. */
  Array.prototype.forEach.call(forms, function (form) {
    var box = form.querySelector("input[type=search]");
    if (box) box.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  });

  var app = document.getElementById("search-app");
  if (app) searchPage(app, document.getElementById("search-input"));

  function searchPage(app, input) {
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var months = app.getAttribute("data-months").split(",");
    var current = { text: null, results: [], shown: 0, manifest: null };
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

    function render(manifest, results, rows, start) {
      rows.forEach(function (row, i) {
        if (!row) return;
        var matched = results[start + i].matchData.metadata;
        var item = element("li", "search-result");
        var heading = element("h2");
        var link = element("a", null, row[2]);
        link.href = row[1];
        heading.appendChild(link);
        item.appendChild(heading);
        var meta = element("p", "thread-meta");
        meta.appendChild(element("span", "badge badge-" + row[3], typeName(row[3])));
        if (row[4] >= 0) meta.appendChild(element("span", null, manifest.categories[row[4]]));
        var time = element("time", null, dateText(row[5]));
        time.setAttribute("datetime", row[5]);
        meta.appendChild(time);
        item.appendChild(meta);
        item.appendChild(snippet(manifest, row[6], matched));
        list.appendChild(item);
      });
    }

    function showMore() {
      var start = current.shown, slice = current.results.slice(start, start + PAGE), mine = generation;
      current.shown += slice.length;
      more.hidden = current.shown >= current.results.length;
      return documents(current.manifest, slice).then(function (rows) {
        if (mine === generation) render(current.manifest, current.results, rows, start);
      });
    }

    function run(text, typing, retried) {
      var mine = ++generation;
      if (!text.trim()) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = message("hint");
        return Promise.resolve();
      }
      status.textContent = message("loading");
      return search(text, typing).then(function (found) {
        if (mine !== generation) return;
        current = { text: text, results: found.results, shown: 0, manifest: found.manifest };
        list.textContent = "";
        return showMore().then(function () {
          if (mine !== generation) return;
          var n = found.results.length;
          status.textContent = message(n === 0 ? "count-0" : n === 1 ? "count-1" : "count-n", { n: n, q: text.trim() });
        });
      }).catch(function () {
        if (mine !== generation) return;
        if (!retried) {
          forget();  // the site was probably rebuilt since the manifest was read
          return run(text, typing, true);
        }
        status.textContent = message("error");
      });
    }

    function url(text) {
      return location.pathname + (text.trim() ? "?q=" + encodeURIComponent(text.trim()) : "");
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
      run(input.value, false);
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
      var q = new URLSearchParams(location.search).get("q") || "";
      input.value = q;
      run(q, false);
    });

    var initial = new URLSearchParams(location.search).get("q") || "";
    input.value = initial;
    run(initial, false);
  }
})();
