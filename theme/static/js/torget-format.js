/*
 * The Torget thread format (docs/content-format.md) for the editor at /admin/.
 *
 * One implementation, used twice:
 *   - in the browser, admin.js registers it with Decap CMS
 *     (CMS.registerCustomFormat) as "torget-thread" (threads and FAQ
 *     entries) and "torget-page" (pages: a header and Markdown, no replies);
 *   - in Node, tests/js/torget_format_harness.js runs this same file to
 *     check it against the Python parser (plugins/torget/format/parsing.py) on
 *     every sample file.
 *
 * fromFile(text) gives the entry's fields:
 *   title, date, modified, type, category, tags (array), author, slug,
 *   votes, views, archived, archive_reason, locked, evergreen, summary,
 *   body, replies: [{author, date, role, avatar, staff, accepted, text}]
 * (pages: the header keys in lower case, "-" as "_", and body), plus
 * "torget_source", the text it was read from.
 *
 * toFile(fields) writes the file. A new entry is written the way
 * torget.format.writing.thread_text writes one. An existing entry (with its
 * torget_source) keeps every byte of the source that the edit did not
 * change: a header line whose value is unchanged stays as it was spelled
 * ("Staff: ja", "type: fråga", continuation lines), as do unknown keys
 * (Source-Url), the question's and each reply's text, blank lines, line
 * endings and a byte order mark. A changed value replaces its line, a
 * cleared one removes it, a new one goes where thread_text would put it.
 * So opening a file and saving it unchanged writes the same bytes.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.TorgetFormat = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // The same patterns as plugins/torget/format/parsing.py.
  var REPLY_MARKER = /^---\s*reply\s*---\s*$/i;
  var FENCE = /^ {0,3}(`{3,}|~{3,})/;
  var HEADER_LINE = /^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?([\s\S]*)$/;
  var TRUE = ["yes", "true", "ja", "1"];
  var TYPE_ALIASES = {
    "question": "question", "fråga": "question",
    "problem": "problem",
    "suggestion": "suggestion", "förslag": "suggestion",
    "praise": "praise", "beröm": "praise"
  };
  var TYPES = ["question", "problem", "suggestion", "praise"];

  // Thread header keys in the order torget.format.writing.HEADER_ORDER writes them,
  // with the entry field each fills and how its value reads.
  var THREAD_KEYS = [
    ["Title", "title", "text"],
    ["Date", "date", "text"],
    ["Modified", "modified", "text"],
    ["Type", "type", "type"],
    ["Category", "category", "text"],
    ["Tags", "tags", "list"],
    ["Author", "author", "text"],
    ["Slug", "slug", "text"],
    ["Votes", "votes", "text"],
    ["Views", "views", "text"],
    ["Archived", "archived", "flag"],
    ["Archive-reason", "archive_reason", "text"],
    ["Locked", "locked", "flag"],
    ["Evergreen", "evergreen", "flag"],
    ["Summary", "summary", "text"]
  ];
  // Reply header keys in the order thread_text writes them.
  var REPLY_KEYS = [
    ["Author", "author", "text"],
    ["Role", "role", "text"],
    ["Avatar", "avatar", "text"],
    ["Date", "date", "text"],
    ["Staff", "staff", "flag"],
    ["Accepted", "accepted", "flag"]
  ];
  // Pelican's page metadata that the page form edits.
  var PAGE_KEYS = [
    ["Title", "title", "text"],
    ["Date", "date", "text"],
    ["Modified", "modified", "text"],
    ["Slug", "slug", "text"],
    ["Status", "status", "text"],
    ["Summary", "summary", "text"]
  ];

  function strip(s) {
    return String(s).trim();
  }

  // Split text into lines that keep their own ending ("\r\n", "\r", "\n"
  // or "" for the last), so that joining them gives the text back.
  function splitLines(text) {
    var out = [];
    var re = /\r\n|\r|\n/g;
    var start = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      out.push({ text: text.slice(start, m.index), end: m[0] });
      start = m.index + m[0].length;
    }
    out.push({ text: text.slice(start), end: "" });
    return out;
  }

  // parsing.split_blocks: the question block, then one block per reply
  // (each starting with its marker line); markers inside fences do not split.
  function splitBlocks(lines) {
    var blocks = [{ marker: null, lines: [] }];
    var fence = "";
    lines.forEach(function (line) {
      var m = FENCE.exec(line.text);
      if (m) {
        if (!fence) {
          fence = m[1];
        } else if (m[1].indexOf(fence) === 0 && !strip(line.text.slice(m[0].length))) {
          fence = "";
        }
      }
      if (!fence && REPLY_MARKER.test(line.text)) {
        blocks.push({ marker: line, lines: [] });
      } else {
        blocks[blocks.length - 1].lines.push(line);
      }
    });
    return blocks;
  }

  // parsing._read_header: "Key: value" lines up to the first blank line.
  // Each entry keeps its raw lines (with continuation lines).
  function readHeader(lines) {
    var entries = [];
    var index = 0;
    var last = null;
    while (index < lines.length && strip(lines[index].text)) {
      var line = lines[index];
      var m = HEADER_LINE.exec(line.text);
      if ((line.text[0] === " " || line.text[0] === "\t") && last) {
        last.raw.push(line);
        if (!last.duplicate) {
          last.value += " " + strip(line.text);
        }
      } else if (m) {
        var key = m[1].toLowerCase();
        var duplicate = entries.some(function (e) { return e.key === key; });
        last = { key: key, display: m[1], value: strip(m[2]), raw: [line], duplicate: duplicate };
        entries.push(last);
      } else {
        last = null;
        entries.push({ key: null, display: null, value: "", raw: [line], duplicate: true });
      }
      index += 1;
    }
    return { entries: entries, rest: lines.slice(index) };
  }

  // parsing._body: the text without leading and trailing blank lines, one "\n" at the end.
  function normaliseBody(text) {
    var lines = String(text == null ? "" : text).replace(/\r\n|\r/g, "\n").split("\n");
    if (!lines.some(function (l) { return strip(l); })) {
      return "";
    }
    return lines.join("\n").replace(/^\n+|\n+$/g, "") + "\n";
  }

  function bodyOf(lines) {
    return normaliseBody(lines.map(function (l) { return l.text; }).join("\n"));
  }

  function readValue(kind, raw) {
    if (kind === "flag") {
      return TRUE.indexOf(strip(raw).toLowerCase()) >= 0;
    }
    if (kind === "list") {
      return raw.split(",").map(strip).filter(function (t) { return t; });
    }
    if (kind === "type") {
      var v = strip(raw);
      return TYPE_ALIASES[v.toLowerCase()] || v;
    }
    return strip(raw);
  }

  // A field's value as the file would hold it: null for "leave it out".
  function writeValue(kind, value) {
    if (value === undefined || value === null) {
      return null;
    }
    if (kind === "flag") {
      return value === true || value === "true" ? "yes" : null;
    }
    if (kind === "list") {
      var items = (Array.isArray(value) ? value : String(value).split(","))
        .map(function (t) { return oneLine(t); })
        .filter(function (t) { return t; });
      return items.length ? items.join(", ") : null;
    }
    var text = oneLine(value);
    return text === "" ? null : text;
  }

  // writing._value: a header value on one line.
  function oneLine(value) {
    return strip(String(value).split(/\r\n|\r|\n/).join(" "));
  }

  function same(kind, a, b) {
    return writeValue(kind, a) === writeValue(kind, b);
  }

  function fieldsOf(entries, keys) {
    var out = {};
    keys.forEach(function (k) {
      var entry = entries.filter(function (e) { return e.key === k[0].toLowerCase(); })[0];
      out[k[1]] = entry ? readValue(k[2], entry.value) : (k[2] === "flag" ? false : k[2] === "list" ? [] : "");
    });
    return out;
  }

  function plain(data) {
    if (data && typeof data.toJS === "function") {
      return data.toJS();
    }
    return data || {};
  }

  // ---- reading --------------------------------------------------------

  function parseThread(text) {
    var bom = text.charAt(0) === "\ufeff";
    var blocks = splitBlocks(splitLines(bom ? text.slice(1) : text));
    var question = readHeader(blocks[0].lines);
    var entry = fieldsOf(question.entries, THREAD_KEYS);
    entry.body = bodyOf(question.rest);
    entry.replies = blocks.slice(1).map(function (block) {
      var header = readHeader(block.lines);
      var reply = fieldsOf(header.entries, REPLY_KEYS);
      reply.text = bodyOf(header.rest);
      return reply;
    });
    entry.torget_source = text;
    return entry;
  }

  function parsePage(text) {
    var bom = text.charAt(0) === "\ufeff";
    var lines = splitLines(bom ? text.slice(1) : text);
    var header = readHeader(lines);
    var entry = fieldsOf(header.entries, PAGE_KEYS);
    entry.body = bodyOf(header.rest);
    entry.torget_source = text;
    return entry;
  }

  // ---- writing --------------------------------------------------------

  function newlineOf(lines) {
    for (var i = 0; i < lines.length; i++) {
      if (lines[i].end) {
        return lines[i].end;
      }
    }
    return "\n";
  }

  function textLines(text, nl) {
    return normaliseBody(text).replace(/\n$/, "").split("\n").map(function (t) {
      return { text: t, end: nl };
    });
  }

  // Header lines for `fields`, keeping the old lines of unchanged values.
  function writeHeader(entries, keys, fields, old, nl) {
    var out = [];
    var placed = {};
    var order = keys.map(function (k) { return k[0].toLowerCase(); });
    entries.forEach(function (entry) {
      var at = entry.duplicate ? -1 : order.indexOf(entry.key);
      if (at < 0) {
        out.push({ key: entry.key, lines: entry.raw });
        return;
      }
      var k = keys[at];
      placed[entry.key] = true;
      if (same(k[2], fields[k[1]], old[k[1]])) {
        out.push({ key: entry.key, lines: entry.raw });
        return;
      }
      var value = writeValue(k[2], fields[k[1]]);
      if (value !== null) {
        var last = entry.raw[entry.raw.length - 1];
        out.push({ key: entry.key, lines: [{ text: entry.display + ": " + value, end: last.end || nl }] });
      }
    });
    keys.forEach(function (k, at) {
      var key = k[0].toLowerCase();
      var value = writeValue(k[2], fields[k[1]]);
      if (placed[key] || value === null) {
        return;
      }
      // Before the first known key that thread_text writes after this one.
      var before = out.length;
      for (var i = 0; i < out.length; i++) {
        var j = order.indexOf(out[i].key);
        if (j > at) {
          before = i;
          break;
        }
      }
      if (before === out.length) {
        // after the last known key, ahead of unknown ones that follow it
        for (var n = out.length - 1; n >= 0; n--) {
          if (order.indexOf(out[n].key) >= 0) {
            before = n + 1;
            break;
          }
          before = n;
        }
      }
      out.splice(before, 0, { key: key, lines: [{ text: k[0] + ": " + value, end: nl }] });
    });
    var lines = [];
    out.forEach(function (item) { lines.push.apply(lines, item.lines); });
    return lines;
  }

  // One block (question or reply): its header, then its text. `rest` is
  // the block's old lines after the header (blank separator, text, blank
  // lines before the next marker): kept when the text is unchanged.
  // Returns the lines and whether they are the old ones.
  function writeBlock(header, rest, oldText, newText, nl, last) {
    if (rest && normaliseBody(newText) === normaliseBody(oldText)) {
      return { lines: header.concat(rest), kept: true };
    }
    var lines = header.concat([{ text: "", end: nl }], textLines(newText, nl));
    if (!last) {
      lines.push({ text: "", end: nl });
    }
    return { lines: lines, kept: false };
  }

  // Join lines; every line but the last gets an ending. The text ends as
  // its source did when its last block is the source's own last block,
  // unchanged; otherwise with exactly one line ending.
  function finish(lines, nl, bom, keepTail) {
    var text = lines.map(function (l, i) {
      return l.text + (l.end || (i < lines.length - 1 ? nl : ""));
    }).join("");
    if (!keepTail) {
      text = text.replace(/(\r\n|\r|\n)+$/, "") + nl;
    }
    return (bom ? "\ufeff" : "") + text;
  }

  function writeThread(data) {
    var fields = plain(data);
    var source = typeof fields.torget_source === "string" ? fields.torget_source : "";
    var bom = source.charAt(0) === "\ufeff";
    var lines = splitLines(bom ? source.slice(1) : source);
    var blocks = source ? splitBlocks(lines) : [];
    var nl = source ? newlineOf(lines) : "\n";
    var replies = (fields.replies || []).map(plain);

    var question = source ? readHeader(blocks[0].lines) : { entries: [], rest: null };
    var old = fieldsOf(question.entries, THREAD_KEYS);
    old.body = source ? bodyOf(question.rest) : "";
    var head = writeHeader(question.entries, THREAD_KEYS, fields, source ? old : {}, nl);
    var written = writeBlock(head, question.rest, old.body, fields.body, nl, replies.length === 0);
    var out = written.lines;
    var keptTail = written.kept && blocks.length === 1;

    replies.forEach(function (reply, i) {
      var block = blocks[i + 1];
      var header = block ? readHeader(block.lines) : { entries: [], rest: null };
      var was = fieldsOf(header.entries, REPLY_KEYS);
      was.text = block ? bodyOf(header.rest) : "";
      var replyHead = writeHeader(header.entries, REPLY_KEYS, reply, block ? was : {}, nl);
      var last = i === replies.length - 1;
      if (out.length && strip(out[out.length - 1].text)) {
        // the block before ended without a blank line (its source was the file's end)
        out.push({ text: "", end: "" });
      }
      out.push(block ? block.marker : { text: "--- reply ---", end: nl });
      written = writeBlock(replyHead, header.rest, was.text, reply.text, nl, last);
      out = out.concat(written.lines);
      keptTail = written.kept && last && i + 2 === blocks.length;
    });
    return finish(out, nl, bom, keptTail);
  }

  function writePage(data) {
    var fields = plain(data);
    var source = typeof fields.torget_source === "string" ? fields.torget_source : "";
    var bom = source.charAt(0) === "\ufeff";
    var lines = splitLines(bom ? source.slice(1) : source);
    var nl = source ? newlineOf(lines) : "\n";
    var header = source ? readHeader(lines) : { entries: [], rest: null };
    var old = fieldsOf(header.entries, PAGE_KEYS);
    old.body = source ? bodyOf(header.rest) : "";
    var head = writeHeader(header.entries, PAGE_KEYS, fields, source ? old : {}, nl);
    var written = writeBlock(head, header.rest, old.body, fields.body, nl, true);
    return finish(written.lines, nl, bom, written.kept);
  }

  return {
    TYPES: TYPES,
    THREAD_KEYS: THREAD_KEYS,
    REPLY_KEYS: REPLY_KEYS,
    PAGE_KEYS: PAGE_KEYS,
    parseThread: parseThread,
    writeThread: writeThread,
    parsePage: parsePage,
    writePage: writePage,
    // the shape CMS.registerCustomFormat expects
    threadFormat: {
      fromFile: function (text) { return parseThread(text); },
      toFile: function (data) { return writeThread(data); }
    },
    pageFormat: {
      fromFile: function (text) { return parsePage(text); },
      toFile: function (data) { return writePage(data); }
    }
  };
});
