/* Torget: measures of effect as Matomo events (docs/governance.md).
 *
 * Loaded only when the forum has Matomo configured (TORGET_MATOMO_URL and
 * TORGET_MATOMO_SITE_ID, on this script's data-matomo and data-site): a
 * forum without them has no such script and sends nothing. Each event is
 * one navigator.sendBeacon to Matomo's HTTP Tracking API (matomo.php);
 * no Matomo script, no cookie.
 *
 * - "Hjälpte svaret dig?" on threads and FAQ entries: category helpful-yes
 *   or helpful-no, action the page's path, name its title; once per page view.
 * - A search result opened: category search-click, action the query, name
 *   the result's path, value its position (1 = first).
 * - window.torgetEvents.send(category, action, name, value) for ask.js
 *   (category ask and ask-after-search).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var matomo = script && script.getAttribute("data-matomo");
  var site = script && script.getAttribute("data-site");
  if (!matomo || !site) return;

  function send(category, action, name, value) {
    if (!navigator.sendBeacon || !category || !action) return false;
    var query = new URLSearchParams({
      idsite: site, rec: "1", apiv: "1", ca: "1", url: location.href,
      e_c: category, e_a: String(action).slice(0, 200)
    });
    if (name) query.set("e_n", String(name).slice(0, 200));
    if (typeof value === "number" && isFinite(value)) query.set("e_v", String(value));
    return navigator.sendBeacon(matomo + "matomo.php?" + query.toString());
  }

  window.torgetEvents = { send: send };

  /* "Hjälpte svaret dig?": shown only here (the block is hidden in the
     page), in a slot that keeps its room, so nothing moves. */
  var helpful = document.getElementById("helpful");
  if (helpful) {
    var sent = false;
    var answer = document.getElementById("helpful-answer");
    helpful.hidden = false;
    Array.prototype.forEach.call(helpful.querySelectorAll("button[data-vote]"), function (button) {
      button.addEventListener("click", function () {
        if (sent) return;
        sent = true;
        var vote = button.getAttribute("data-vote");
        send("helpful-" + vote, helpful.getAttribute("data-path"), helpful.getAttribute("data-title"));
        helpful.querySelector(".helpful-buttons").hidden = true;
        var reply = document.getElementById("helpful-" + (vote === "no" ? "ask" : "thanks"));
        reply.hidden = false;
        answer.focus();
      });
    });
  }

  /* A search result opened: which position, for which search. The list is
     search.js's; its links are read here, not changed. */
  var results = document.getElementById("search-results");
  if (results) {
    var opened = function (event) {
      if (event.type === "auxclick" && event.button !== 1) return;
      var link = event.target.closest && event.target.closest("a[href]");
      var item = link && link.closest("li");
      if (!item || item.parentNode !== results) return;
      var query = (new URLSearchParams(location.search).get("q") || "").trim().slice(0, 200);
      if (!query) return;
      var position = Array.prototype.indexOf.call(results.children, item) + 1;
      send("search-click", query, new URL(link.href, location.href).pathname, position);
    };
    results.addEventListener("click", opened);
    results.addEventListener("auxclick", opened);
  }
})();
