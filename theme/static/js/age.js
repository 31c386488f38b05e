/* Torget: show the outdated-content notice when the reader's today has
   passed the thread's threshold, for sites that were not rebuilt since.
   The notice is already in the page (hidden); nothing breaks without JS. */
(function () {
  "use strict";
  var notice = document.querySelector(".notice-old[hidden][data-old-from]");
  if (!notice) return;
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  if (today >= notice.getAttribute("data-old-from")) notice.hidden = false;
})();
