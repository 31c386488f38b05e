/*
 * Torget's content checks for the editor at /admin/: the browser's
 * implementation of what `torget check` finds in a file.
 *
 * The rules are not written here but read from one table, which the build
 * makes from the Python modules that check files (torget.formchecks:
 * patterns of torget.contentrules, the HTML allow-list of torget.sanitize,
 * TORGET_ALLOWED_CONTACTS, the declared categories, the messages in the
 * forum's language). Phone numbers are found with libphonenumber-js, the
 * JavaScript port of the library the build uses (phonenumbers).
 *
 * TorgetChecks.create(table, libphonenumber) gives a checker:
 *   findPersonalData(text)       hits as torget.privacy.find_personal_data
 *   normalForm(value)            as torget.privacy.normal_form
 *   scanText(text)               problems as torget.privacy.scan_text
 *   checkFile(text, kind, name)  the rules above plus those of
 *                                torget.parsing and torget.categories that
 *                                the form checks (placeholders, control
 *                                characters, slugs, accepted replies, reply
 *                                dates, categories); kind "thread", "faq"
 *                                or "page"
 *   checkField(rule, value, ctx) {errors, warnings}: messages for one field
 *   htmlWarnings(markdown)       what the sanitizer will remove
 * A problem is {line, rule, severity ("error"|"warning"), message}.
 * tests/test_form_checks.py runs this file in Node over every case of the
 * Python tests and compares the answers (tests/js/torget_checks_harness.js);
 * theme/static/js/torget-check-widgets.js uses it in Decap CMS's form.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.TorgetChecks = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function create(table, phoneLib) {
    var re = {};
    Object.keys(table.patterns).forEach(function (name) {
      re[name] = new RegExp(table.patterns[name].source, table.patterns[name].flags);
    });
    var spaces = table.spaces;
    var allowed = new Set(table.allowed);

    function global(name) {
      return new RegExp(re[name].source, re[name].flags + "g");
    }

    function message(key, params) {
      var text = table.messages[key] || key;
      return text.replace(/\{(\w+)\}/g, function (all, name) {
        return params && params[name] !== undefined ? String(params[name]) : all;
      });
    }

    function stripSpaces(text) {
      var start = 0;
      var end = text.length;
      while (start < end && spaces.indexOf(text[start]) >= 0) { start += 1; }
      while (end > start && spaces.indexOf(text[end - 1]) >= 0) { end -= 1; }
      return text.slice(start, end);
    }

    function maskLastDigits(text, count) {
      var chars = Array.from(text);
      for (var i = chars.length - 1; i >= 0 && count > 0; i -= 1) {
        if (/^\p{Nd}$/u.test(chars[i])) {
          chars[i] = "*";
          count -= 1;
        }
      }
      return chars.join("");
    }

    function labelled(text, start, label) {
      var lineStart = text.slice(0, start).lastIndexOf("\n") + 1;
      return label.test(text.slice(Math.max(lineStart, start - 40), start));
    }

    // ---- personal identity and coordination numbers --------------------

    function luhnValid(digits) {
      var total = 0;
      for (var i = 0; i < digits.length; i += 1) {
        var n = Number(digits[digits.length - 1 - i]);
        if (i % 2 === 1) {
          n *= 2;
          n = Math.floor(n / 10) + (n % 10);
        }
        total += n;
      }
      return total % 10 === 0;
    }

    // stdnum.se.personnummer.get_birth_date: the date, or null if there is none
    function birthDate(century, yymmdd, plus, today) {
      var yy = Number(yymmdd.slice(0, 2));
      var year;
      if (century) {
        year = Number(century) * 100 + yy;
      } else {
        var c = Math.floor(today.getFullYear() / 100);
        if (yy > today.getFullYear() % 100) { c -= 1; }
        if (plus) { c -= 1; }
        year = c * 100 + yy;
      }
      var month = Number(yymmdd.slice(2, 4));
      var day = Number(yymmdd.slice(4, 6));
      var born = new Date(year, month - 1, day);
      born.setFullYear(year);
      if (month < 1 || month > 12 || born.getMonth() !== month - 1 || born.getDate() !== day) {
        return null;
      }
      return born;
    }

    // torget.privacy.identity_kind
    function identityKind(century, yymmdd, serial, plus) {
      if (!/^[0-9]{6}$/.test(yymmdd) || !/^[0-9]{4}$/.test(serial)) {
        return null;
      }
      var kind = "personnummer";
      var datePart = yymmdd;
      var day = Number(yymmdd.slice(4));
      if (day > 60) {
        kind = "samordningsnummer";
        datePart = yymmdd.slice(0, 4) + String(day - 60).padStart(2, "0");
      }
      var today = new Date();
      var born = birthDate(century, datePart, plus, today);
      if (born === null || !luhnValid(yymmdd + serial)) {
        return null;
      }
      today.setHours(23, 59, 59, 999);
      return born <= today ? kind : null;
    }

    function identityHits(text) {
      var hits = [];
      if (!re.six_digits.test(text)) {
        return hits;
      }
      var pattern = global("identity");
      var m;
      while ((m = pattern.exec(text)) !== null) {
        var sep = stripSpaces(m.groups.sep || "");
        var kind = identityKind(m.groups.century, m.groups.date, m.groups.serial, sep === "+");
        if (kind === null || labelled(text, m.index, re.identity_label)) {
          continue;
        }
        hits.push({ kind: kind, start: m.index, end: m.index + m[0].length, text: m[0],
                    masked: maskLastDigits(m[0], 4), key: "id:" + m.groups.date + m.groups.serial });
      }
      return hits;
    }

    // ---- e-mail addresses ----------------------------------------------

    function emailHits(text) {
      var hits = [];
      var sticky = new RegExp(re.email.source, re.email.flags + "y");
      var at = text.indexOf("@");
      while (at > 0) {
        var start = at;
        while (start > 0 && (re.email_local.test(text[start - 1]) || /[\p{L}\p{N}]/u.test(text[start - 1]))) {
          start -= 1;
        }
        sticky.lastIndex = start;
        var m = start < at ? sticky.exec(text) : null;
        if (m) {
          var found = m[0];
          var parts = found.split("@");
          hits.push({ kind: "email", start: m.index, end: m.index + found.length, text: found,
                      masked: Array.from(parts[0])[0] + "***@" + found.slice(found.indexOf("@") + 1),
                      key: "email:" + found.toLowerCase() });
        }
        at = text.indexOf("@", at + 1);
      }
      return hits;
    }

    // ---- phone numbers ---------------------------------------------------

    // torget.privacy.parse_phone: a person's phone number, or null
    function parsePhone(candidate) {
      candidate = candidate.trim();
      if (!re.diallable.test(candidate) || re.not_phone.test(candidate)) {
        return null;
      }
      var number;
      try {
        number = phoneLib.parsePhoneNumberWithError(candidate, "SE");
      } catch (e) {
        return null;
      }
      if (!number.isValid() || table.service_types.indexOf(number.getType()) >= 0) {
        return null;
      }
      return number;
    }

    // phonenumbers.length_of_national_destination_code
    function destinationCodeLength(number) {
      var groups = number.formatInternational().split(/[^0-9]+/);
      if (groups.length <= 3) {
        return 0;
      }
      if (number.getType() === "MOBILE" && table.mobile_tokens[number.countryCallingCode]) {
        return groups[2].length + groups[3].length;
      }
      return groups[2].length;
    }

    function longestNumber(candidate) {
      for (;;) {
        var number = parsePhone(candidate);
        if (number !== null) {
          return { number: number, text: candidate };
        }
        var cut = Math.max.apply(null, Array.from(spaces).map(function (s) { return candidate.lastIndexOf(s); }));
        if (cut <= 0) {
          return null;
        }
        candidate = candidate.slice(0, cut).replace(new RegExp("[" + spaces + "]+$", "u"), "");
      }
    }

    function phoneHits(text, taken) {
      var hits = [];
      var runs = global("phone_run");
      var run;
      while ((run = runs.exec(text)) !== null) {
        var found = phoneLib.findNumbers(run[0], { defaultCountry: "SE", leniency: "POSSIBLE", v2: true });
        found.forEach(function (match) {
          var best = longestNumber(run[0].slice(match.startsAt, match.endsAt));
          if (best === null) {
            return;
          }
          var start = run.index + match.startsAt;
          var end = start + best.text.length;
          if (/^[\p{L}\p{N}]/u.test(text.slice(end, end + 1)) || /^[01]+$/.test(best.text) ||
              overlaps(start, end, taken) || labelled(text, start, re.number_label)) {
            return;
          }
          var subscriber = best.number.nationalNumber.length - destinationCodeLength(best.number);
          hits.push({ kind: "phone", start: start, end: end, text: best.text,
                      masked: maskLastDigits(best.text, subscriber), key: "tel:" + best.number.number });
        });
      }
      return hits;
    }

    function overlaps(start, end, spans) {
      return spans.some(function (s) { return start < s[1] && s[0] < end; });
    }

    // torget.privacy.find_personal_data
    function findPersonalData(text) {
      var flat = text.replace(/\n/g, " ");
      var hits = identityHits(flat).concat(emailHits(flat));
      var taken = hits.map(function (h) { return [h.start, h.end]; });
      hits = hits.concat(phoneHits(flat, taken));
      return hits.filter(function (h) { return !allowed.has(h.key); })
        .sort(function (a, b) { return a.start - b.start; });
    }

    // torget.privacy.normal_form
    function normalForm(value) {
      value = String(value).trim();
      ["mailto:", "tel:"].forEach(function (scheme) {
        if (value.toLowerCase().indexOf(scheme) === 0) {
          value = value.slice(scheme.length).trim();
        }
      });
      var email = new RegExp("^(?:" + re.email.source + ")$", re.email.flags);
      if (email.test(value)) {
        return "email:" + value.toLowerCase();
      }
      var id = new RegExp("^(?:" + re.identity.source + ")$", re.identity.flags).exec(value);
      if (id && identityKind(id.groups.century, id.groups.date, id.groups.serial,
                             stripSpaces(id.groups.sep || "") === "+")) {
        return "id:" + id.groups.date + id.groups.serial;
      }
      var number = parsePhone(value);
      return number === null ? null : "tel:" + number.number;
    }

    return buildChecker({
      re: re, table: table, message: message, findPersonalData: findPersonalData, normalForm: normalForm
    });
  }

  // ---- files: lines, blocks and headers as torget.parsing reads them -----

  function textLines(text) {
    return text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  }

  function buildChecker(base) {
    var re = base.re;
    var table = base.table;
    var message = base.message;

    // parsing.header_lines: [{index, key, value, continues}]
    function headerLines(lines) {
      var result = [];
      var lastKey = null;
      for (var index = 0; index < lines.length; index += 1) {
        var line = lines[index];
        if (!line.trim()) {
          break;
        }
        var m = re.header_line.exec(line);
        if ((line[0] === " " || line[0] === "\t") && lastKey) {
          result.push({ index: index, key: lastKey, value: line.trim(), continues: true });
        } else if (m) {
          lastKey = m[1];
          result.push({ index: index, key: lastKey, value: m[2].trim(), continues: false });
        } else {
          result.push({ index: index, key: null, value: line.trim(), continues: false });
        }
      }
      return result;
    }

    // parsing._read_header: first values by lower-case key, and their lines
    function headerOf(lines, start) {
      var values = {};
      var at = {};
      headerLines(lines).forEach(function (h) {
        if (h.key === null) { return; }
        var key = h.key.toLowerCase();
        if (h.continues) {
          values[key] += " " + h.value;
        } else if (!(key in values)) {
          values[key] = h.value;
          at[key] = start + h.index;
        }
      });
      return { values: values, lines: at };
    }

    // parsing.Fences and parsing.split_blocks: [{start, lines}]
    function splitBlocks(lines) {
      var blocks = [{ start: 1, lines: [] }];
      var fence = "";
      lines.forEach(function (line, i) {
        var m = re.fence.exec(line);
        var inside = Boolean(fence);
        if (m) {
          if (!fence) {
            fence = m[1];
          } else if (m[1].indexOf(fence) === 0 && !line.slice(m[0].length).trim()) {
            fence = "";
          }
        }
        if (!(inside || m) && re.reply_marker.test(line)) {
          blocks.push({ start: i + 2, lines: [] });
        } else {
          blocks[blocks.length - 1].lines.push(line);
        }
      });
      return blocks;
    }

    return Object.assign(fileChecks(base, textLines, splitBlocks, headerLines, headerOf), {
      findPersonalData: base.findPersonalData,
      normalForm: base.normalForm,
      message: message,
      textLines: textLines,
      table: table
    });
  }

  function fileChecks(base, textLines, splitBlocks, headerLines, headerOf) {
    var re = base.re;
    var table = base.table;
    var message = base.message;
    var unscanned = new Set(table.unscanned_keys);

    function problem(line, rule, text, severity) {
      return { line: line, rule: rule, severity: severity || "error", message: text };
    }

    // privacy._scannable: lines that are not free text blanked out
    function scannable(lines) {
      var keep = lines.map(function () { return true; });
      var reviewed = [];
      splitBlocks(lines).forEach(function (block) {
        if (block.start > 1) { keep[block.start - 2] = false; }
        headerLines(block.lines).forEach(function (h) {
          var key = h.key ? h.key.toLowerCase() : "";
          if (unscanned.has(key) || key.indexOf(table.source_prefix) === 0) {
            keep[block.start - 1 + h.index] = false;
            if (block.start === 1 && key === table.reviewed_key.toLowerCase()) {
              h.value.split(",").forEach(function (entry) {
                if (entry.trim() && !reviewed.some(function (r) { return r[0] === entry.trim(); })) {
                  reviewed.push([entry.trim(), h.index + 1]);
                }
              });
            }
          }
        });
      });
      var text = lines.map(function (l, i) { return keep[i] ? l : " ".repeat(l.length); }).join("\n");
      return { text: text, reviewed: reviewed };
    }

    function lineOf(text, offset) {
      return text.slice(0, offset).split("\n").length;
    }

    function personalDataMessage(hit) {
      return message("personal_data", { what: message(hit.kind), masked: hit.masked });
    }

    // privacy.scan_text
    function scanText(text) {
      var lines = textLines(text);
      var scan = scannable(lines);
      var problems = [];
      var reviewed = new Set();
      scan.reviewed.forEach(function (entry) {
        var key = base.normalForm(entry[0]);
        if (key === null) {
          problems.push(problem(entry[1], "reviewed", message("reviewed", { entry: entry[0] }), "warning"));
        } else {
          reviewed.add(key);
        }
      });
      var marked = new Set();
      lines.forEach(function (l, i) { if (re.line_marker.test(l)) { marked.add(i + 1); } });
      base.findPersonalData(scan.text).forEach(function (hit) {
        var first = lineOf(scan.text, hit.start);
        var last = lineOf(scan.text, hit.end);
        if (!reviewed.has(hit.key) && !marked.has(first) && !marked.has(last)) {
          problems.push(problem(first, "personal_data", personalDataMessage(hit)));
        }
      });
      return problems;
    }

    // parsing.control_characters: the first on each line
    function controlProblems(lines) {
      var problems = [];
      lines.forEach(function (line, i) {
        var m = /[^\P{Cc}\t]/u.exec(line);
        if (m) {
          var code = m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
          var column = Array.from(line.slice(0, m.index)).length + 1;
          problems.push(problem(i + 1, "control", message("control", { code: code, line: i + 1, column: column })));
        }
      });
      return problems;
    }

    function placeholderProblems(lines) {
      var problems = [];
      lines.forEach(function (line, i) {
        var m = re.placeholder.exec(line);
        if (m) {
          problems.push(problem(i + 1, "placeholder", message("placeholder", { text: m[0] })));
        }
      });
      return problems;
    }

    var dates = dateFunctions(re, table);

    function replyProblems(blocks, question) {
      var problems = [];
      var accepted = [];
      var questionDate = "date" in question.values ? dates.parse(question.values.date) : null;
      blocks.slice(1).forEach(function (block) {
        var header = headerOf(block.lines, block.start);
        if (!Object.keys(header.values).length) {
          return;
        }
        var date = "date" in header.values ? dates.parse(header.values.date) : null;
        if (date !== null && questionDate !== null && date.utc < questionDate.utc) {
          problems.push(problem(header.lines.date, "reply_date", message("reply_date", {
            date: dates.show(date), question: dates.show(questionDate)
          })));
        }
        if (table.true.indexOf(String(header.values.accepted || "").trim().toLowerCase()) >= 0) {
          accepted.push(block.start - 1);
        }
      });
      accepted.slice(1).forEach(function (line) {
        problems.push(problem(line, "accepted", message("accepted", { count: accepted.length })));
      });
      return problems;
    }

    function slugProblems(header, kind, name) {
      var declared = "slug" in header.values;
      if (kind === "page" && !declared) {
        return [];
      }
      var slug = (header.values.slug || "").trim() || String(name || "").replace(/\.[^.]*$/, "");
      return re.slug.test(slug) ? [] : [problem(declared ? header.lines.slug : 1, "slug", message("slug", { slug: slug }))];
    }

    function categoryProblems(header) {
      var category = (header.values.category || "").trim();
      if (!table.categories.length || !category || table.categories.indexOf(category) >= 0) {
        return [];
      }
      return [problem(header.lines.category, "category", message("category", { name: category }))];
    }

    // what torget check finds in one file, for the rules the form checks
    function checkFile(text, kind, name) {
      var lines = textLines(text);
      var problems = controlProblems(lines);
      if (kind === "page") {
        problems = problems.concat(slugProblems(headerOf(lines, 1), kind, name));
      } else {
        var blocks = splitBlocks(lines);
        var question = headerOf(blocks[0].lines, 1);
        problems = problems.concat(placeholderProblems(lines), slugProblems(question, kind, name),
                                   replyProblems(blocks, question), categoryProblems(question));
      }
      return problems.concat(scanText(text)).sort(function (a, b) { return a.line - b.line; });
    }

    return {
      scanText: scanText,
      checkFile: checkFile,
      checkField: fieldChecks(base, controlProblems, placeholderProblems, dates),
      htmlWarnings: htmlChecks(table, message),
      dates: dates
    };
  }

  // ---- dates: parsing.parse_date, naive dates in the site's time zone ----

  function dateFunctions(re, table) {
    var zoneParts = typeof Intl === "object" ? new Intl.DateTimeFormat("en-US", {
      timeZone: table.timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric"
    }) : null;

    function zoneOffset(utc) {
      var p = {};
      zoneParts.formatToParts(new Date(utc)).forEach(function (part) { p[part.type] = Number(part.value); });
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - utc;
    }

    function parse(value) {
      value = String(value).trim();
      if (!re.date.test(value)) {
        return null;
      }
      var m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|([+-])(\d{2}):(\d{2}))?$/.exec(value);
      if (!m) {
        return null;
      }
      var n = m.slice(1).map(function (x) { return x === undefined ? 0 : Number(x); });
      var local = Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]);
      var check = new Date(local);
      check.setUTCFullYear(n[0]);
      if (check.getUTCMonth() !== n[1] - 1 || check.getUTCDate() !== n[2] || n[3] > 23 || n[4] > 59 ||
          n[5] > 59 || n[8] > 23 || n[9] > 59 || n[0] < table.date_years[0] || n[0] > table.date_years[1]) {
        return null;
      }
      var utc;
      if (m[7] === "Z") {
        utc = local;
      } else if (m[7]) {
        utc = local - (m[8] === "-" ? -1 : 1) * (n[8] * 60 + n[9]) * 60000;
      } else {
        utc = local - zoneOffset(local);
        utc = local - zoneOffset(utc);
      }
      return { utc: utc, text: value };
    }

    // "%Y-%m-%d %H:%M" in the site's time zone, as the Python messages show dates
    function show(date) {
      var p = {};
      zoneParts.formatToParts(new Date(date.utc)).forEach(function (part) { p[part.type] = part.value; });
      var two = function (x) { return String(x).padStart(2, "0"); };
      return p.year + "-" + two(p.month) + "-" + two(p.day) + " " + two(p.hour) + ":" + two(p.minute);
    }

    return { parse: parse, show: show };
  }

  // ---- one field of the form ---------------------------------------------

  function fieldChecks(base, controlProblems, placeholderProblems, dates) {
    var re = base.re;
    var table = base.table;
    var message = base.message;

    // the reviewed entries of the file's Not-personal-data header, in normal form
    function reviewedKeys(source) {
      var keys = new Set();
      var key = table.reviewed_key.toLowerCase();
      textLines(String(source || "")).some(function (line) {
        if (!line.trim()) { return true; }
        var m = re.header_line.exec(line);
        if (m && m[1].toLowerCase() === key) {
          m[2].split(",").forEach(function (entry) {
            var k = entry.trim() && base.normalForm(entry);
            if (k) { keys.add(k); }
          });
        }
        return false;
      });
      return keys;
    }

    function personalData(text, ctx) {
      var lines = text.split("\n");
      var reviewed = reviewedKeys(ctx.source);
      return base.findPersonalData(text).filter(function (hit) {
        var first = text.slice(0, hit.start).split("\n").length;
        var last = text.slice(0, hit.end).split("\n").length;
        return !reviewed.has(hit.key) && !re.line_marker.test(lines[first - 1]) && !re.line_marker.test(lines[last - 1]);
      }).map(function (hit) {
        return message("personal_data", { what: message(hit.kind), masked: hit.masked });
      });
    }

    function textErrors(text, ctx) {
      var lines = textLines(text);
      return personalData(text, ctx)
        .concat(placeholderProblems(lines).map(function (p) { return p.message; }))
        .concat(controlProblems(lines).map(function (p) { return p.message; }));
    }

    function dateErrors(value, ctx) {
      var date = dates.parse(value || "");
      var question = dates.parse(ctx.questionDate || "");
      if (date === null || question === null || date.utc >= question.utc) {
        return [];
      }
      return [message("reply_date", { date: dates.show(date), question: dates.show(question) })];
    }

    // ctx: {source, questionDate, acceptedCount, htmlWarnings}
    return function checkField(rule, value, ctx) {
      ctx = ctx || {};
      var text = Array.isArray(value) ? value.join(", ") : value === undefined || value === null ? "" : String(value);
      var errors = [];
      var warnings = [];
      if (rule === "text" || rule === "markdown") {
        errors = textErrors(text, ctx);
        if (rule === "markdown") {
          warnings = ctx.htmlWarnings ? ctx.htmlWarnings(text) : [];
        }
      } else if (rule === "slug") {
        errors = text && !re.slug.test(text.trim()) ? [message("slug", { slug: text.trim() })] : [];
      } else if (rule === "category") {
        var name = text.trim();
        errors = name && table.categories.length && table.categories.indexOf(name) < 0
          ? [message("category", { name: name })] : [];
      } else if (rule === "reply_date") {
        errors = dateErrors(text, ctx);
      } else if (rule === "accepted") {
        errors = value === true && ctx.acceptedCount > 1 ? [message("accepted", { count: ctx.acceptedCount })] : [];
      }
      if (rule !== "accepted" && rule !== "text" && rule !== "markdown") {
        errors = errors.concat(controlProblems(textLines(text)).map(function (p) { return p.message; }));
      }
      return { errors: errors, warnings: warnings };
    };
  }

  // ---- HTML the sanitizer (torget.sanitize) will remove ------------------

  function htmlChecks(table, message) {
    var html = table.html;
    var START = /(?:<!--|<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>)/g;
    var ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
    var LINK = /\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]*):/g;

    function scheme(url) {
      var m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url.replace(/[\t\n\r]/g, "").trim());
      return m ? m[1].toLowerCase() : null;
    }

    // Markdown without fenced code and code spans, where HTML is not HTML
    function prose(markdown) {
      var fence = "";
      return markdown.split("\n").map(function (line) {
        var m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
        if (fence || m) {
          if (m && !fence) { fence = m[1]; } else if (m && m[1].indexOf(fence) === 0) { fence = ""; }
          return "";
        }
        return line.replace(/(`+)[\s\S]*?\1/g, "");
      }).join("\n");
    }

    function attributeWarnings(tag, attributes) {
      var found = [];
      var m;
      ATTRIBUTE.lastIndex = 0;
      while ((m = ATTRIBUTE.exec(attributes)) !== null) {
        var name = m[1].toLowerCase();
        var value = m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4] || "";
        var allowedValues = (html.attribute_values[tag] || {})[name];
        var allowedNames = html.attributes[tag] || [];
        var schemes = tag === "img" ? html.image_schemes : html.url_schemes;
        if (allowedValues ? allowedValues.indexOf(value) < 0 : allowedNames.indexOf(name) < 0) {
          found.push(message("html_attribute", { name: name, tag: tag }));
        } else if ((name === "href" || name === "src") && scheme(value) !== null && schemes.indexOf(scheme(value)) < 0) {
          found.push(message("html_link", { url: value }));
        }
      }
      return found;
    }

    return function htmlWarnings(markdown) {
      var text = prose(String(markdown || ""));
      var found = [];
      var m;
      START.lastIndex = 0;
      while ((m = START.exec(text)) !== null) {
        if (m[0] === "<!--") {
          if (!/^<!--\s*not-personal-data\s*-->/i.test(text.slice(m.index))) {
            found.push(message("html_comment"));
          }
          continue;
        }
        var tag = m[1].toLowerCase();
        if (html.clean_content_tags.indexOf(tag) >= 0) {
          found.push(message("html_content", { tag: tag }));
        } else if (html.tags.indexOf(tag) < 0) {
          found.push(message("html_tag", { tag: tag }));
        } else {
          found = found.concat(attributeWarnings(tag, m[2] || ""));
        }
      }
      LINK.lastIndex = 0;
      while ((m = LINK.exec(text)) !== null) {
        if (html.url_schemes.indexOf(m[1].toLowerCase()) < 0) {
          found.push(message("html_link", { url: m[1] + ":…" }));
        }
      }
      return found.filter(function (w, i) { return found.indexOf(w) === i; }).map(function (what) {
        return message("html", { what: what });
      });
    };
  }

  return { create: create };
});
