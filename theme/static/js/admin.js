/*
 * The editor at /admin/: registers the Torget file format
 * (torget-format.js) with Decap CMS, a preview of threads and FAQ entries
 * in the site's own style, and starts Decap. Decap reads its
 * configuration from config.yml beside the page, which the torget_admin
 * plugin writes at build time from TORGET_CMS; the preview's words come
 * from the page's data-labels (the site's own strings).
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

  var body = document.body;
  var labels = {};
  try {
    labels = JSON.parse(body.getAttribute("data-labels") || "{}");
  } catch (e) {
    labels = {};
  }
  var h = window.h;
  var createClass = window.createClass;
  if (h && createClass && labels.types) {
    (body.getAttribute("data-preview-css") || "").split(" ").forEach(function (href) {
      if (href) {
        CMS.registerPreviewStyle(href);
      }
    });

    var text = function (value) {
      return value === undefined || value === null ? "" : String(value);
    };
    var badge = function (kind, label) {
      return h("span", { className: "badge badge-" + kind }, label);
    };

    var ThreadPreview = createClass({
      render: function () {
        var data = this.props.entry.get("data");
        var get = function (key) { return data ? data.get(key) : undefined; };
        var type = text(get("type"));
        var faq = this.props.collection && this.props.collection.get("name") === "faq";
        // a thread's badge shows once its type is chosen
        var kicker = [
          faq ? badge("faq", labels.faq) : type ? badge(type, labels.types[type] || type) : null,
          " ", text(get("category"))
        ];
        if (get("locked")) {
          kicker.push(" ", badge("locked", labels.locked));
        }
        var parts = [
          h("header", { className: "thread-header", key: "header" },
            h("p", { className: "thread-kicker" }, kicker),
            h("h1", null, text(get("title"))),
            h("p", { className: "thread-meta" },
              labels.asked_by.replace("{author}", text(get("author"))) + " " + text(get("date"))))
        ];
        if (get("archived")) {
          parts.push(h("div", { className: "notice notice-archived", key: "archived" },
            h("p", null, labels.archived),
            get("archive_reason") ? h("p", null, labels.archive_reason.replace("{reason}", text(get("archive_reason")))) : null));
        }
        parts.push(h("div", { className: "thread-body", key: "body" }, this.props.widgetFor("body")));
        var tags = get("tags");
        if (tags && tags.size) {
          parts.push(h("p", { className: "tags", key: "tags" }, labels.tags + ": " + tags.toArray().join(", ")));
        }
        var replies = this.props.widgetsFor("replies");
        if (replies && replies.size) {
          parts.push(h("section", { className: "replies", key: "replies" },
            h("h2", null, labels.replies + " (" + replies.size + ")"),
            replies.toArray().map(function (reply, index) {
              var d = reply.get("data");
              var r = function (key) { return d ? d.get(key) : undefined; };
              var badges = [];
              if (r("staff")) { badges.push(badge("staff", labels.staff)); }
              if (r("accepted")) { badges.push(" ", badge("accepted", labels.accepted)); }
              return h("article", {
                key: index,
                className: "reply" + (r("staff") ? " reply-staff" : "") + (r("accepted") ? " reply-accepted" : "")
              },
                h("header", { className: "reply-header" },
                  h("p", { className: "reply-by" },
                    h("span", { className: "reply-author" }, text(r("author"))), " ",
                    r("role") ? h("span", { className: "reply-role" }, text(r("role"))) : null, " ",
                    h("time", null, text(r("date")))),
                  badges.length ? h("p", { className: "reply-badges" }, badges) : null),
                h("div", { className: "reply-body" }, reply.getIn(["widgets", "text"])));
            })));
        }
        return h("main", { id: "main" }, h("article", { className: "thread" }, parts));
      }
    });
    CMS.registerPreviewTemplate("threads", ThreadPreview);
    CMS.registerPreviewTemplate("faq", ThreadPreview);
  }
  // "Visa på webbplatsen" needs Decap's site_url: in the preview (no
  // SITEURL) the site is where this page is
  var site = body.getAttribute("data-site-url") ? null : window.location.origin;
  CMS.init(site ? { config: { site_url: site, display_url: site } } : undefined);
})();
