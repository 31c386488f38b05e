/* Torget: on a thread page opened from a search result, mark the words
 * the search found.
 *
 * The search page adds ?highlight=<index terms> to each result's link
 * (search.js). This script, loaded with defer on thread pages, wraps the
 * words of the title, the question and the replies that begin with one of
 * those terms (compared without case and diacritics) in
 * <mark class="search-hit">, and puts a bar with a button that removes
 * the marks (and the parameter) at the bottom of the window. Nothing is
 * in the page's HTML: without the parameter, or without JavaScript, the
 * page is as published. Text only: no HTML is ever parsed.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var MAX_TERMS = 20;
  var terms = (new URLSearchParams(location.search).get("highlight") || "").split(/\s+/)
    .map(fold).filter(Boolean).slice(0, MAX_TERMS);
  var thread = document.querySelector("article.thread");
  if (!terms.length || !thread || !script) return;

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
  }

  /* A word matches a term it begins with (the term is a stem: lösenord
     marks lösenordet), or equals, for terms shorter than three letters;
     a Porter stem's final i also stands for y (happi: happy). */
  function matches(word) {
    var folded = fold(word);
    return terms.some(function (term) {
      if (term.length < 3) return folded === term;
      if (folded.lastIndexOf(term, 0) === 0) return true;
      return term.slice(-1) === "i" && folded === term.slice(0, -1) + "y";
    });
  }

  var WORD = /[\p{L}\p{N}]+/gu;

  function markText(node) {
    var text = node.nodeValue, found, last = 0, fragment = null;
    WORD.lastIndex = 0;
    while ((found = WORD.exec(text))) {
      if (!matches(found[0])) continue;
      fragment = fragment || document.createDocumentFragment();
      if (found.index > last) fragment.appendChild(document.createTextNode(text.slice(last, found.index)));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = found[0];
      fragment.appendChild(mark);
      last = found.index + found[0].length;
    }
    if (!fragment) return 0;
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    var count = fragment.querySelectorAll("mark").length;
    node.parentNode.replaceChild(fragment, node);
    return count;
  }

  function markAll() {
    var nodes = [];
    thread.querySelectorAll("#thread-title, .thread-body, .reply-body").forEach(function (region) {
      var walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) nodes.push(walker.currentNode);
    });
    return nodes.reduce(function (sum, node) { return sum + markText(node); }, 0);
  }

  function unmarkAll(bar) {
    thread.querySelectorAll("mark.search-hit").forEach(function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
    bar.remove();
    document.body.classList.remove("has-highlight");
    var params = new URLSearchParams(location.search);
    params.delete("highlight");
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    var main = document.getElementById("main");
    if (main) main.focus();
  }

  if (!markAll()) return;
  var bar = document.createElement("div");
  bar.className = "highlight-bar";
  var note = document.createElement("p");
  note.textContent = script.getAttribute("data-note") || "";
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = script.getAttribute("data-remove") || "×";
  button.addEventListener("click", function () { unmarkAll(bar); });
  bar.appendChild(note);
  bar.appendChild(button);
  (document.getElementById("main") || document.body).appendChild(bar);
  document.body.classList.add("has-highlight");
})();
