/*
 * The editor's form checks in Decap CMS, through what Decap documents for
 * validation: a custom widget whose control has an isValid() method, and a
 * preSave event listener. No part of Decap is changed.
 *
 * - The "torget-checked" widget wraps the widget a field would have had
 *   (its torget_widget key; torget.editor.formchecks.with_checks marks the fields
 *   in config.yml) and checks the field with its torget_rule
 *   (TorgetChecks.checkField): personal data, placeholders, control
 *   characters, the slug, a declared category, a reply dated before the
 *   question, more than one accepted reply. Decap calls isValid() before
 *   it saves and refuses to save while a field has an error; the message
 *   stands at the field, in the forum's language. A field is also checked
 *   when the editor leaves it. HTML the sanitizer will remove is a
 *   warning under the field, never an error. An existing file's category
 *   that is not declared is offered in the list, marked, with an error.
 * - The preSave listener checks the whole file the format is about to
 *   write (TorgetChecks.checkFile) and refuses the save with the problems'
 *   lines, so nothing the form does not show (tags, a collapsed reply)
 *   reaches a file or a commit either.
 *
 * The rules and messages are the table in the page's torget-checks meta
 * element, which the build writes (torget.editor.formchecks.browser_table).
 * Loaded after decap-cms.js, torget-format.js, libphonenumber-js and
 * torget-checks.js, before admin.js starts Decap.
 */
(function () {
  "use strict";
  var CMS = window.CMS || window.DecapCms;
  var h = window.h;
  var createClass = window.createClass;
  var data = document.querySelector('meta[name="torget-checks"]');
  if (!CMS || !h || !createClass || !window.TorgetChecks || !window.libphonenumber || !window.TorgetFormat || !data) {
    return;
  }
  var checks = window.TorgetChecks.create(JSON.parse(data.getAttribute("content")), window.libphonenumber);
  var CROSS_FIELD = { reply_date: true, accepted: true };

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  // what a field's check needs to know about the rest of the entry
  function context(entry) {
    var fields = entry && entry.get("data");
    var replies = fields && fields.get("replies");
    var accepted = 0;
    if (replies && typeof replies.forEach === "function") {
      replies.forEach(function (reply) {
        if (reply && typeof reply.get === "function" && reply.get("accepted") === true) { accepted += 1; }
      });
    }
    return {
      source: fields && fields.get("torget_source"),
      questionDate: fields && fields.get("date"),
      acceptedCount: accepted
    };
  }

  // After a refused save, bring the first field with an error into view.
  var refused = [];
  function reveal(element) {
    if (element && refused.indexOf(element) < 0) { refused.push(element); }
    if (refused.length > 1) { return; }
    window.setTimeout(function () {
      var first = refused.filter(function (e) { return document.contains(e); }).sort(function (a, b) {
        return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      })[0];
      refused = [];
      if (!first) { return; }
      var box = first.parentElement.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) {
        first.parentElement.scrollIntoView({ block: "center" });
      }
    }, 0);
  }

  // An existing file's undeclared category is offered, marked, so the form shows it.
  function fieldWithValue(field, value) {
    var options = field.get("options");
    if (field.get("torget_rule") !== "category" || !value || !options) {
      return field;
    }
    var known = options.some(function (o) { return (typeof o === "string" ? o : o.get("value")) === value; });
    if (known) {
      return field;
    }
    var option = field.clear().merge({ label: checks.message("category_option", { name: value }), value: value });
    return field.set("options", options.push(option));
  }

  var CheckedControl = createClass({
    setInner: function (inner) {
      this.inner = inner;
    },
    result: function (props) {
      props = props || this.props;
      return checks.checkField(props.field.get("torget_rule"), plain(props.value), context(props.entry));
    },
    // Decap calls this before it saves, and refuses while it returns an error
    isValid: function () {
      var inner = this.inner && typeof this.inner.isValid === "function" ? this.inner.isValid() : true;
      if (inner !== true && inner !== undefined && !(inner && inner.error === false)) {
        return inner;
      }
      var errors = this.result().errors;
      if (!errors.length) {
        return true;
      }
      reveal(this.element);
      return { error: { type: "CUSTOM", parentIds: this.props.parentIds, message: errors.join(" ") } };
    },
    // also when the editor leaves the field (focus moves out of it)
    leave: function (event) {
      if (this.element && this.element.contains(event.relatedTarget)) {
        return;
      }
      if (this.result().errors.length) {
        this.props.validate();
      }
    },
    // an error that depended on another field goes when that field is corrected
    componentDidUpdate: function (previous) {
      if (CROSS_FIELD[this.props.field.get("torget_rule")] === true && previous.entry !== this.props.entry) {
        var shown = this.props.fieldsErrors && this.props.fieldsErrors.get(this.props.forID);
        if (shown && (shown.size || shown.length) && !this.result().errors.length) {
          this.props.validate();
        }
      }
    },
    shouldComponentUpdate: function (next) {
      var p = this.props;
      return p.value !== next.value || p.field !== next.field || p.classNameWrapper !== next.classNameWrapper ||
        p.hasActiveStyle !== next.hasActiveStyle || p.isDisabled !== next.isDisabled ||
        (CROSS_FIELD[p.field.get("torget_rule")] === true && p.entry !== next.entry);
    },
    render: function () {
      var self = this;
      var field = this.props.field;
      var widget = CMS.getWidget(field.get("torget_widget")) || CMS.getWidget("string");
      var props = Object.assign({}, this.props, {
        ref: this.setInner,
        field: fieldWithValue(field, plain(this.props.value))
      });
      var warnings = field.get("torget_rule") === "markdown" ? checks.htmlWarnings(plain(this.props.value) || "") : [];
      return h("div", { className: "torget-checked", onBlur: this.leave, ref: function (e) { self.element = e; } },
        h(widget.control, props),
        warnings.length ? h("p", { className: "torget-check-warning", role: "status" }, warnings.join(" ")) : null);
    }
  });

  var CheckedPreview = createClass({
    render: function () {
      var widget = CMS.getWidget(this.props.field.get("torget_widget"));
      if (widget && widget.preview) {
        return h(widget.preview, this.props);
      }
      var value = plain(this.props.value);
      return h("div", null, Array.isArray(value) ? value.join(", ") : value === undefined || value === null ? "" : String(value));
    }
  });

  CMS.registerWidget({
    name: "torget-checked",
    controlComponent: CheckedControl,
    previewComponent: CheckedPreview,
    schema: { properties: { torget_widget: { type: "string" }, torget_rule: { type: "string" } } },
    // Decap writes a field's errors in small capitals beside its label;
    // these are sentences, so they are written as such, above the label.
    globalStyles: [
      "div:has(> .torget-checked) > div:has(> ul) { flex-wrap: wrap; }",
      "div:has(> .torget-checked) > div > ul { order: -1; flex: 1 1 100%; text-transform: none; text-align: left;",
      "  position: static; top: auto; font-size: 14px; font-weight: 600; line-height: 1.4; margin: 0 0 8px; color: #a4001d;",
      "  padding: 8px 12px; border-left: 4px solid currentColor; background: #fff5f5; overflow-wrap: anywhere; }",
      ".torget-check-warning { margin: 6px 0 0; padding: 8px 12px; font-size: 14px; line-height: 1.4;",
      "  color: #5c3c00; background: #fff8e1; border-left: 4px solid #b36b00; overflow-wrap: anywhere; }"
    ].join("\n")
  });

  // The whole file, as the format is about to write it.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var entry = args.entry;
      var fields = entry.get("data");
      var kind = entry.get("collection") === "pages" ? "page" : entry.get("collection") === "faq" ? "faq" : "thread";
      var text = kind === "page" ? window.TorgetFormat.writePage(fields) : window.TorgetFormat.writeThread(fields);
      var name = (entry.get("slug") || fields.get("slug") || "x") + ".md";
      var errors = checks.checkFile(text, kind, name).filter(function (p) { return p.severity === "error"; });
      if (errors.length) {
        var refusal = new Error(checks.message("refused", {
          problems: errors.map(function (p) { return checks.message("at_line", { line: p.line, message: p.message }); }).join(" ")
        }));
        // Decap shows the reason as text: the message without "Error: "
        refusal.toString = function () { return refusal.message; };
        throw refusal;
      }
    }
  });
})();
