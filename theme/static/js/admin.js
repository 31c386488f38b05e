/*
 * The editor at /admin/: registers the Torget file format
 * (torget-format.js) with Decap CMS and starts it. Decap reads its
 * configuration from config.yml beside the page, which the torget_admin
 * plugin writes at build time from TORGET_CMS.
 */
(function () {
  "use strict";
  var CMS = window.CMS || window.DecapCms;
  var format = window.TorgetFormat;
  if (!CMS || !format) {
    return;
  }
  CMS.registerCustomFormat("torget-thread", "md", format.threadFormat);
  CMS.registerCustomFormat("torget-page", "md", format.pageFormat);
  CMS.init();
})();
