/* Torget: show the outdated-content warning once the reader's today has
   reached the thread's threshold, for a site that was not rebuilt since.
   The warning is already laid out (invisible) in the same grid cell as the
   "last answered" line, so revealing it shifts nothing. Without JavaScript
   the build-time state stands. */
(function () {
  "use strict";
  var status = document.querySelector(".age-status[data-old-from]:not(.is-old)");
  if (!status) return;
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  if (today >= status.getAttribute("data-old-from")) status.classList.add("is-old");
})();
