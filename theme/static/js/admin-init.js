/* The editor at /admin/: loaded before Decap CMS so that it waits for
 * admin.js to register the Torget file format before it starts. */
window.CMS_MANUAL_INIT = true;
