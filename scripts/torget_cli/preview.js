/* Torget preview (torget serve only): reload the page after each good
   rebuild. Polls the server's build id; never part of a published site. */
(function () {
  "use strict";
  var url = "/__torget/build-id";
  var seen = null;
  function check() {
    fetch(url, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (id) {
        if (id === null) return;
        if (seen === null) seen = id;
        else if (id !== seen) { window.location.reload(); return; }
        setTimeout(check, 1000);
      })
      .catch(function () { setTimeout(check, 2000); });
  }
  check();
})();
