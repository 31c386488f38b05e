/* Torget: the ask page (ask.html, plugins/torget_ask).
 *
 * As the resident types a title and the question, the forum's best
 * matching threads and FAQ entries are shown under "Kanske finns svaret
 * redan här", found by the search page's engine (window.torgetSearch, so
 * folding, typo and synonym handling come with it), after a couple of
 * words (or one long one) and a pause; a live region says how many. The channel's link
 * (TORGET_ASK: an e-mail with subject and body, or a form address) carries
 * what they wrote; text that looks like personal data gives a warning,
 * and the first choice of the link after it only shows the warning. The
 * check is the editor's (torget-checks.js, personalDataKinds, with
 * libphonenumber-js and the rule table the build writes next to the page),
 * loaded without blocking on the first focus or input; a choice of the link
 * before it has loaded waits for it. With Matomo configured
 * (events.js), sending is an "ask" event with the page asked from, and an
 * "ask-after-search" event with the query when that page was a search.
 * Suggestions are built from DOM text nodes, never from HTML strings.
 */
(function () {
  "use strict";

  var app = document.getElementById("ask-app");
  if (!app) return;
  var title = document.getElementById("ask-title");
  var question = document.getElementById("ask-question");
  var status = document.getElementById("ask-status");
  var list = document.getElementById("ask-results");
  var send = document.getElementById("ask-send");
  var warning = document.getElementById("ask-warning");
  var warningText = document.getElementById("ask-warning-text");
  var MIN_WORDS = 2, MIN_LETTERS = 6, SHOWN = 5, NEAR = 0.2, PAUSE = 300;

  function data(name) { return app.getAttribute("data-" + name) || ""; }

  /* Where the resident came from: a page of this site only. */
  var params = new URLSearchParams(location.search);
  var from = null;
  try {
    var candidate = params.get("fran") ? new URL(params.get("fran"), location.href) : null;
    if (candidate && candidate.origin === location.origin) from = candidate;
  } catch (error) { from = null; }
  var fromSearch = from && from.pathname === data("search-path") ? (params.get("q") || "").trim() : "";
  title.value = (params.get("q") || "").slice(0, 150);
  var about = (params.get("om") || "").trim().slice(0, 200);
  if (about) {
    var aboutNode = document.getElementById("ask-about");
    aboutNode.textContent = data("about").split("{title}").join(about);
    aboutNode.hidden = false;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.appendChild(document.createTextNode(text));
    return node;
  }

  /* --- the channel's link ------------------------------------------------ */

  function pageUrl() { return from ? from.href : new URL(data("page-url") || location.pathname, location.href).href; }

  /* A template with {query} and {url} filled in: an e-mail's subject or
     body (encoded as a whole, as torget.settings.schema.Ask does), or a form
     address (only the values encoded). */
  function fill(template, query, whole) {
    var url = pageUrl();
    if (whole) return encodeURIComponent(template.split("{url}").join(url).split("{query}").join(query));
    return template.split("{query}").map(function (part) {
      return part.split("{url}").join(encodeURIComponent(url));
    }).join(encodeURIComponent(query));
  }

  function link() {
    var head = title.value.trim(), body = question.value.trim();
    var subjectText = head || body.split(/\s+/).slice(0, 10).join(" ");
    if (data("email")) {
      var fields = [];
      if (data("subject")) fields.push("subject=" + fill(data("subject"), subjectText, true));
      if (data("body")) fields.push("body=" + fill(data("body"), body || head, true));
      return "mailto:" + data("email") + (fields.length ? "?" + fields.join("&") : "");
    }
    return fill(data("url"), head && body ? head + "\n\n" + body : head || body, false);
  }

  /* --- personal data ------------------------------------------------------ */

  var checker = null, loading = null, kinds = [], confirmedFor = null;

  function script(src) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement("script");
      node.src = src;
      node.async = true;
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  /* The editor's checks and their table, fetched once; a failure leaves the
     page without the warning (the reminder under the link stays). */
  function loadChecks() {
    if (!loading) {
      var table = fetch(data("checks-table")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
      loading = Promise.all([script(data("checks-phones")), script(data("checks-script")), table]).then(function (loaded) {
        checker = window.TorgetChecks.create(loaded[2], window.libphonenumber);
      });
      loading.catch(function () {});
    }
    return loading;
  }

  function startChecks() {
    if (!loading) loadChecks().then(checkPersonalData, function () {});
  }

  function checkPersonalData() {
    kinds = checker ? checker.personalDataKinds(title.value + "\n" + question.value) : [];
    if (!kinds.length) {
      warning.hidden = true;
      confirmedFor = null;
      return;
    }
    var names = kinds.map(function (kind) { return data("pd-" + kind); });
    var what = names.length > 1 ? names.slice(0, -1).join(", ") + " " + data("and") + " " + names[names.length - 1] : names[0];
    warningText.textContent = data("warning").split("{what}").join(what);
    warning.hidden = false;
  }

  /* Sending: the first choice after a warning only confirms it. */
  function sendNow(event) {
    send.href = link();
    checkPersonalData();
    var text = title.value + "\n" + question.value;
    if (kinds.length && confirmedFor !== text) {
      if (event) event.preventDefault();
      confirmedFor = text;
      warningText.textContent += " " + data("warning-confirm");
      warning.focus();
      return false;
    }
    var events = window.torgetEvents;
    if (events) {
      events.send("ask", from ? from.pathname : "-", fromSearch || undefined);
      if (fromSearch) events.send("ask-after-search", fromSearch.slice(0, 200));
    }
    return true;
  }

  send.addEventListener("click", function (event) {
    if (checker || !(title.value + question.value).trim()) {
      sendNow(event);
      return;
    }
    // The checks are still on their way: wait for them, then decide.
    event.preventDefault();
    loadChecks().catch(function () {}).then(function () {
      if (sendNow(null)) location.href = send.href;
    });
  });

  /* --- suggestions -------------------------------------------------------- */

  var engine = window.torgetSearch, generation = 0, timer = null, tallest = 0;

  function typeName(type) {
    return data(type === "faq" ? "faq" : "type-" + type) || type;
  }

  /* Enough to search: a couple of words, or one long one. */
  function enough(text) {
    var words = text.match(/[\p{L}\p{N}]+/gu) || [];
    return words.length >= MIN_WORDS || words.join("").length >= MIN_LETTERS;
  }

  function show(count, rows, manifest) {
    list.textContent = "";
    rows.forEach(function (row) {
      if (!row) return;
      var item = element("li", "ask-result");
      var anchor = element("a", null, row[2]);
      anchor.href = row[1];
      item.appendChild(anchor);
      var meta = element("span", "ask-result-meta");
      meta.appendChild(element("span", "badge badge-" + row[3], typeName(row[3])));
      if (row[4] >= 0) meta.appendChild(element("span", null, " " + manifest.categories[row[4]]));
      item.appendChild(meta);
      list.appendChild(item);
    });
    status.textContent = count === 0 ? data("count-0") : count === 1 ? data("count-1") : data("count-n").split("{n}").join(String(count));
    // The area never shrinks while typing on: what follows does not jump up and down.
    var height = list.parentNode.getBoundingClientRect().height;
    if (height > tallest) { tallest = height; list.parentNode.style.minHeight = Math.ceil(height) + "px"; }
  }

  function suggest() {
    var text = (title.value + " " + question.value).trim();
    var mine = ++generation;
    if (!engine || !enough(text)) {
      list.textContent = "";
      status.textContent = data("hint");
      return;
    }
    engine.search(text, true).then(function (found) {
      if (mine !== generation) return;
      // The best few, and only those near the best: a long question
      // matches something somewhere in almost every thread.
      var top = found.results.slice(0, SHOWN);
      top = top.filter(function (r) { return r.score >= top[0].score * NEAR; });
      return engine.documents(found.manifest, top).then(function (rows) {
        if (mine === generation) show(top.length, rows, found.manifest);
      });
    }).catch(function () {
      if (mine !== generation) return;
      list.textContent = "";
      status.textContent = data("error");
    });
  }

  function changed() {
    send.href = link();
    startChecks();
    clearTimeout(timer);
    timer = setTimeout(function () {
      checkPersonalData();
      suggest();
    }, PAUSE);
  }

  [title, question].forEach(function (field) {
    field.addEventListener("input", changed);
    field.addEventListener("focus", startChecks, { once: true });
    if (engine) field.addEventListener("focus", function () { engine.load().catch(function () {}); }, { once: true });
  });
  send.href = link();
  if (title.value) changed();
})();
