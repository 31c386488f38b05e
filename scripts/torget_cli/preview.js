/* Torget preview (torget serve only; never part of a published site).
   Polls the preview server's status: reloads the page after each good
   rebuild, and shows what the last build left out, or why it failed, as
   a banner of text nodes (never parsed as HTML). In the editor at /admin/
   (data-torget-editor on this script's tag) it shows the banner and never
   reloads, so that no unsaved edit is lost. */
(function () {
  "use strict";
  var PREFIX = "/__torget/";
  var FOLDED = "torget-preview-folded";
  var script = document.currentScript;
  var editor = !!(script && script.hasAttribute("data-torget-editor"));
  var seenBuild = null;
  var shown = "";
  var banner = null;
  var live = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function setUp() {
    var style = element("link");
    style.rel = "stylesheet";
    style.href = PREFIX + "preview.css";
    document.head.appendChild(style);
    // Present before any text arrives, so that screen readers announce it.
    live = element("div", "torget-preview-live");
    live.setAttribute("role", "status");
    document.body.appendChild(live);
  }

  function place(node) {
    if (editor) {
      node.classList.add("torget-preview-editor");
      document.body.appendChild(node);
      return;
    }
    var skip = document.querySelector("body > .skip-link");
    document.body.insertBefore(node, skip ? skip.nextSibling : document.body.firstChild);
  }

  function sameOrigin(address) {
    return typeof address === "string" && address.charAt(0) === "/" && address.charAt(1) !== "/";
  }

  function fileItem(file) {
    var item = element("li", "torget-preview-file");
    var lines = element("ul", "torget-preview-problems");
    (file.problems || []).forEach(function (text) {
      lines.appendChild(element("li", "", String(text)));
    });
    item.appendChild(lines);
    if (file.edit && sameOrigin(file.edit)) {
      var link = element("a", "torget-preview-edit", file.edit_label || file.path);
      link.href = file.edit;
      item.appendChild(link);
    }
    return item;
  }

  // Folded stays folded, across reloads too, until the problems change.
  function folded(key) {
    try { return window.sessionStorage.getItem(FOLDED) === key; } catch (error) { return false; }
  }

  function remember(key, isFolded) {
    try {
      if (isFolded) window.sessionStorage.setItem(FOLDED, key);
      else window.sessionStorage.removeItem(FOLDED);
    } catch (error) { /* storage is off: the banner opens again */ }
  }

  function render(status, key) {
    if (banner) banner.remove();
    banner = null;
    var files = status.files || [];
    if (!files.length) {
      live.textContent = "";
      return;
    }
    // A disclosure, so that an editor can fold it away and keep working.
    banner = element("aside", "torget-preview");
    banner.setAttribute("aria-labelledby", "torget-preview-heading");
    var details = element("details");
    details.open = !folded(key);
    details.addEventListener("toggle", function () { remember(key, !details.open); });
    var summary = element("summary", "torget-preview-toggle");
    var heading = element("h2", "torget-preview-heading", status.heading);
    heading.id = "torget-preview-heading";
    summary.appendChild(heading);
    details.appendChild(summary);
    details.appendChild(element("p", "torget-preview-summary", status.summary));
    var list = element("ul", "torget-preview-files");
    files.forEach(function (file) { list.appendChild(fileItem(file)); });
    details.appendChild(list);
    banner.appendChild(details);
    place(banner);
    live.textContent = status.heading + ". " + status.summary;
  }

  function check() {
    fetch(PREFIX + "status.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status === null) { setTimeout(check, 2000); return; }
        if (seenBuild === null || editor) seenBuild = status.build;
        else if (status.build !== seenBuild) { window.location.reload(); return; }
        var key = JSON.stringify([status.summary, status.files]);
        if (key !== shown) { shown = key; render(status, key); }
        setTimeout(check, 500);
      })
      .catch(function () { setTimeout(check, 2000); });
  }

  setUp();
  check();
})();
