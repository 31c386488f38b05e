/*
 * Torget's content checks for the editor at /admin/: the browser's
 * implementation of what `torget check` finds in a file.
 *
 * The rules are not written here but read from one table, which the build
 * makes from the Python modules that check files (torget.editor.formchecks:
 * patterns of torget.format.rules, the HTML allow-list of torget.html.sanitize,
 * TORGET_ALLOWED_CONTACTS, the declared categories, the messages in the
 * forum's language). Phone numbers are found with libphonenumber-js, the
 * JavaScript port of the library the build uses (phonenumbers).
 *
 * TorgetChecks.create(table, libphonenumber) gives a checker:
 *   findPersonalData(text)       hits as torget.records.privacy.find_personal_data
 *   personalDataKinds(text)      the kinds of those hits, each once, in the
 *                                order "identity", "phone", "email" (the
 *                                ask page's warning, theme/static/js/ask.js)
 *   normalForm(value)            as torget.records.privacy.normal_form
 *   scanText(text)               problems as torget.records.privacy.scan_text
 *   checkFile(text, kind, name)  the rules above plus those of
 *                                torget.format.parsing and torget.content.categories that
 *                                the form checks (placeholders, control
 *                                characters, slugs, accepted replies, reply
 *                                dates, categories); kind "thread", "faq"
 *                                or "page"
 *   checkField(rule, value, ctx) {errors, warnings}: messages for one field
 *   htmlWarnings(markdown)       what the sanitizer will remove
 * A problem is {line, rule, severity ("error"|"warning"), message}.
 * tests/test_form_checks.py runs this file in Node over every case of the
 * Python tests and compares the answers (tests/js/torget_checks_harness.js);
 * theme/static/js/torget-check-widgets.js uses it in Decap CMS's form, and
 * the ask page warns with it (on torget.editor.formchecks.personal_data_table, the
 * part of the table personal data reads).
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

  // ---- the rules: the table, compiled ------------------------------------

  // {table, re, phoneLib, allowed, zone}: what every check below reads
  function compile(table, phoneLib) {
    var re = {};
    Object.keys(table.patterns).forEach(function (name) {
      re[name] = new RegExp(table.patterns[name].source, table.patterns[name].flags);
    });
    var zone = typeof Intl === "object" ? new Intl.DateTimeFormat("en-US", {
      timeZone: table.timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric"
    }) : null;
    return { table: table, re: re, phoneLib: phoneLib, allowed: new Set(table.allowed), zone: zone };
  }

  function globalPattern(rules, name) {
    return new RegExp(rules.re[name].source, rules.re[name].flags + "g");
  }

  function message(rules, key, params) {
    var text = rules.table.messages[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return params && params[name] !== undefined ? String(params[name]) : all;
    });
  }

  function stripSpaces(rules, text) {
    var spaces = rules.table.spaces;
    var start = 0;
    var end = text.length;
    while (start < end && spaces.indexOf(text[start]) >= 0) { start += 1; }
    while (end > start && spaces.indexOf(text[end - 1]) >= 0) { end -= 1; }
    return text.slice(start, end);
  }

  // privacy._mask_last_digits
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

  // privacy._labelled
  function labelled(text, start, label) {
    var lineStart = text.slice(0, start).lastIndexOf("\n") + 1;
    return label.test(text.slice(Math.max(lineStart, start - 40), start));
  }

  // ---- personal identity and coordination numbers ------------------------

  // stdnum.luhn
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

  // privacy.identity_kind
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

  function identityOf(rules, match) {
    var g = match.groups;
    return identityKind(g.century, g.date, g.serial, stripSpaces(rules, g.sep || "") === "+");
  }

  // privacy._identity_hits
  function identityHits(rules, text) {
    var hits = [];
    if (!rules.re.six_digits.test(text)) {
      return hits;
    }
    var pattern = globalPattern(rules, "identity");
    var m;
    while ((m = pattern.exec(text)) !== null) {
      var kind = identityOf(rules, m);
      if (kind === null || labelled(text, m.index, rules.re.identity_label)) {
        continue;
      }
      hits.push({ kind: kind, start: m.index, end: m.index + m[0].length, text: m[0],
                  masked: maskLastDigits(m[0], 4), key: "id:" + m.groups.date + m.groups.serial });
    }
    return hits;
  }

  // ---- e-mail addresses ----------------------------------------------------

  // privacy._email_hits: tried only where an @ is
  function emailHits(rules, text) {
    var hits = [];
    var sticky = new RegExp(rules.re.email.source, rules.re.email.flags + "y");
    var at = text.indexOf("@");
    while (at > 0) {
      var start = at;
      while (start > 0 && (rules.re.email_local.test(text[start - 1]) || /[\p{L}\p{N}]/u.test(text[start - 1]))) {
        start -= 1;
      }
      sticky.lastIndex = start;
      var m = start < at ? sticky.exec(text) : null;
      if (m) {
        var found = m[0];
        hits.push({ kind: "email", start: m.index, end: m.index + found.length, text: found,
                    masked: Array.from(found)[0] + "***@" + found.slice(found.indexOf("@") + 1),
                    key: "email:" + found.toLowerCase() });
      }
      at = text.indexOf("@", at + 1);
    }
    return hits;
  }

  // ---- phone numbers (libphonenumber-js) -----------------------------------

  // privacy.parse_phone: a person's phone number, or null
  function parsePhone(rules, candidate) {
    candidate = candidate.trim();
    if (!rules.re.diallable.test(candidate) || rules.re.not_phone.test(candidate)) {
      return null;
    }
    var number;
    try {
      number = rules.phoneLib.parsePhoneNumberWithError(candidate, "SE");
    } catch (e) {
      return null;
    }
    if (!number.isValid() || rules.table.service_types.indexOf(number.getType()) >= 0) {
      return null;
    }
    return number;
  }

  // phonenumbers.length_of_national_destination_code
  function destinationCodeLength(rules, number) {
    var groups = number.formatInternational().split(/[^0-9]+/);
    if (groups.length <= 3) {
      return 0;
    }
    if (number.getType() === "MOBILE" && rules.table.mobile_tokens[number.countryCallingCode]) {
      return groups[2].length + groups[3].length;
    }
    return groups[2].length;
  }

  // the longest valid prefix of whole groups: "070-123 45 67 15 gånger" is 070-123 45 67
  function longestNumber(rules, candidate) {
    var spaces = Array.from(rules.table.spaces);
    for (;;) {
      var number = parsePhone(rules, candidate);
      if (number !== null) {
        return { number: number, text: candidate };
      }
      var cut = Math.max.apply(null, spaces.map(function (s) { return candidate.lastIndexOf(s); }));
      if (cut <= 0) {
        return null;
      }
      candidate = stripSpaces(rules, candidate.slice(0, cut));
    }
  }

  function phoneHit(rules, text, start, best, taken) {
    var end = start + best.text.length;
    if (/^[\p{L}\p{N}]/u.test(text.slice(end, end + 1)) || /^[01]+$/.test(best.text) ||
        overlaps(start, end, taken) || labelled(text, start, rules.re.number_label)) {
      return null;
    }
    var subscriber = best.number.nationalNumber.length - destinationCodeLength(rules, best.number);
    return { kind: "phone", start: start, end: end, text: best.text,
             masked: maskLastDigits(best.text, subscriber), key: "tel:" + best.number.number };
  }

  // privacy._phone_hits: the matcher reads only runs that may hold a number
  function phoneHits(rules, text, taken) {
    var hits = [];
    var runs = globalPattern(rules, "phone_run");
    var run;
    while ((run = runs.exec(text)) !== null) {
      var found = rules.phoneLib.findNumbers(run[0], { defaultCountry: "SE", leniency: "POSSIBLE", v2: true });
      for (var i = 0; i < found.length; i += 1) {
        var best = longestNumber(rules, run[0].slice(found[i].startsAt, found[i].endsAt));
        var hit = best && phoneHit(rules, text, run.index + found[i].startsAt, best, taken);
        if (hit) { hits.push(hit); }
      }
    }
    return hits;
  }

  function overlaps(start, end, spans) {
    return spans.some(function (s) { return start < s[1] && s[0] < end; });
  }

  // privacy.find_personal_data: a single line break does not end a number
  function findPersonalData(rules, text) {
    var flat = text.replace(/\n/g, " ");
    var hits = identityHits(rules, flat).concat(emailHits(rules, flat));
    var taken = hits.map(function (h) { return [h.start, h.end]; });
    hits = hits.concat(phoneHits(rules, flat, taken));
    return hits.filter(function (h) { return !rules.allowed.has(h.key); })
      .sort(function (a, b) { return a.start - b.start; });
  }

  var KIND_NAMES = { personnummer: "identity", samordningsnummer: "identity", phone: "phone", email: "email" };

  // what kinds of personal data a text holds: ["identity", "phone", "email"] at most
  function personalDataKinds(rules, text) {
    var found = findPersonalData(rules, String(text || "")).map(function (h) { return KIND_NAMES[h.kind]; });
    return ["identity", "phone", "email"].filter(function (kind) { return found.indexOf(kind) >= 0; });
  }

  // privacy.normal_form
  function normalForm(rules, value) {
    value = String(value).trim();
    ["mailto:", "tel:"].forEach(function (scheme) {
      if (value.toLowerCase().indexOf(scheme) === 0) {
        value = value.slice(scheme.length).trim();
      }
    });
    var whole = function (name) { return new RegExp("^(?:" + rules.re[name].source + ")$", rules.re[name].flags); };
    if (whole("email").test(value)) {
      return "email:" + value.toLowerCase();
    }
    var id = whole("identity").exec(value);
    if (id && identityOf(rules, id)) {
      return "id:" + id.groups.date + id.groups.serial;
    }
    var number = parsePhone(rules, value);
    return number === null ? null : "tel:" + number.number;
  }

  // ---- files: lines, blocks and headers as torget.format.parsing reads them -----

  function textLines(text) {
    return text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
  }

  // parsing.header_lines: [{index, key, value, continues}]
  function headerLines(rules, lines) {
    var result = [];
    var lastKey = null;
    for (var index = 0; index < lines.length && lines[index].trim(); index += 1) {
      var line = lines[index];
      var m = rules.re.header_line.exec(line);
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
  function headerOf(rules, lines, start) {
    var values = {};
    var at = {};
    headerLines(rules, lines).forEach(function (h) {
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
  function splitBlocks(rules, lines) {
    var blocks = [{ start: 1, lines: [] }];
    var fence = "";
    lines.forEach(function (line, i) {
      var m = rules.re.fence.exec(line);
      var inside = Boolean(fence);
      if (m) {
        if (!fence) {
          fence = m[1];
        } else if (m[1].indexOf(fence) === 0 && !line.slice(m[0].length).trim()) {
          fence = "";
        }
      }
      if (!(inside || m) && rules.re.reply_marker.test(line)) {
        blocks.push({ start: i + 2, lines: [] });
      } else {
        blocks[blocks.length - 1].lines.push(line);
      }
    });
    return blocks;
  }

  // ---- files: what torget check finds, for the rules the form checks -----

  function problem(line, rule, text, severity) {
    return { line: line, rule: rule, severity: severity || "error", message: text };
  }

  // privacy._scannable: lines that are not free text blanked out, and the reviewed entries
  function scannable(rules, lines) {
    var keep = lines.map(function () { return true; });
    var reviewed = [];
    var unscanned = rules.table.unscanned_keys;
    splitBlocks(rules, lines).forEach(function (block) {
      if (block.start > 1) { keep[block.start - 2] = false; }
      headerLines(rules, block.lines).forEach(function (h) {
        var key = h.key ? h.key.toLowerCase() : "";
        if (unscanned.indexOf(key) < 0 && key.indexOf(rules.table.source_prefix) !== 0) {
          return;
        }
        keep[block.start - 1 + h.index] = false;
        if (block.start === 1 && key === rules.table.reviewed_key.toLowerCase()) {
          h.value.split(",").forEach(function (entry) {
            if (entry.trim() && !reviewed.some(function (r) { return r[0] === entry.trim(); })) {
              reviewed.push([entry.trim(), h.index + 1]);
            }
          });
        }
      });
    });
    var text = lines.map(function (l, i) { return keep[i] ? l : " ".repeat(l.length); }).join("\n");
    return { text: text, reviewed: reviewed };
  }

  function lineOf(text, offset) {
    return text.slice(0, offset).split("\n").length;
  }

  function personalDataMessage(rules, hit) {
    return message(rules, "personal_data", { what: message(rules, hit.kind), masked: hit.masked });
  }

  // privacy.scan_text
  function scanText(rules, text) {
    var lines = textLines(text);
    var scan = scannable(rules, lines);
    var problems = [];
    var reviewed = new Set();
    scan.reviewed.forEach(function (entry) {
      var key = normalForm(rules, entry[0]);
      if (key === null) {
        problems.push(problem(entry[1], "reviewed", message(rules, "reviewed", { entry: entry[0] }), "warning"));
      } else {
        reviewed.add(key);
      }
    });
    var marked = new Set();
    lines.forEach(function (l, i) { if (rules.re.line_marker.test(l)) { marked.add(i + 1); } });
    findPersonalData(rules, scan.text).forEach(function (hit) {
      var first = lineOf(scan.text, hit.start);
      var last = lineOf(scan.text, hit.end);
      if (!reviewed.has(hit.key) && !marked.has(first) && !marked.has(last)) {
        problems.push(problem(first, "personal_data", personalDataMessage(rules, hit)));
      }
    });
    return problems;
  }

  // parsing.control_characters: the first on each line (tabs are fine)
  function controlProblems(rules, lines) {
    var problems = [];
    lines.forEach(function (line, i) {
      var m = /[^\P{Cc}\t]/u.exec(line);
      if (m) {
        var code = m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
        var column = Array.from(line.slice(0, m.index)).length + 1;
        problems.push(problem(i + 1, "control", message(rules, "control", { code: code, line: i + 1, column: column })));
      }
    });
    return problems;
  }

  function placeholderProblems(rules, lines) {
    var problems = [];
    lines.forEach(function (line, i) {
      var m = rules.re.placeholder.exec(line);
      if (m) {
        problems.push(problem(i + 1, "placeholder", message(rules, "placeholder", { text: m[0] })));
      }
    });
    return problems;
  }

  function replyDateProblem(rules, header, date, questionDate) {
    return problem(header.lines.date, "reply_date", message(rules, "reply_date", {
      date: showDate(rules, date), question: showDate(rules, questionDate)
    }));
  }

  // parsing._parse_reply's checks of dates and accepted replies
  function replyProblems(rules, blocks, question) {
    var problems = [];
    var accepted = [];
    var questionDate = "date" in question.values ? parseDate(rules, question.values.date) : null;
    blocks.slice(1).forEach(function (block) {
      var header = headerOf(rules, block.lines, block.start);
      if (!Object.keys(header.values).length) {
        return;
      }
      var date = "date" in header.values ? parseDate(rules, header.values.date) : null;
      if (date !== null && questionDate !== null && date.utc < questionDate.utc) {
        problems.push(replyDateProblem(rules, header, date, questionDate));
      }
      if (rules.table.true.indexOf(String(header.values.accepted || "").trim().toLowerCase()) >= 0) {
        accepted.push(block.start - 1);
      }
    });
    accepted.slice(1).forEach(function (line) {
      problems.push(problem(line, "accepted", message(rules, "accepted", { count: accepted.length })));
    });
    return problems;
  }

  function slugProblems(rules, header, kind, name) {
    var declared = "slug" in header.values;
    if (kind === "page" && !declared) {
      return [];
    }
    var slug = (header.values.slug || "").trim() || String(name || "").replace(/\.[^.]*$/, "");
    return rules.re.slug.test(slug) ? [] :
      [problem(declared ? header.lines.slug : 1, "slug", message(rules, "slug", { slug: slug }))];
  }

  // categories.category_problems
  function categoryProblems(rules, header) {
    var category = (header.values.category || "").trim();
    var declared = rules.table.categories;
    if (!declared.length || !category || declared.indexOf(category) >= 0) {
      return [];
    }
    return [problem(header.lines.category, "category", message(rules, "category", { name: category }))];
  }

  // what torget check finds in one file (kind "thread", "faq" or "page"), for the rules the form checks
  function checkFile(rules, text, kind, name) {
    var lines = textLines(text);
    var problems = controlProblems(rules, lines);
    if (kind === "page") {
      problems = problems.concat(slugProblems(rules, headerOf(rules, lines, 1), kind, name));
    } else {
      var blocks = splitBlocks(rules, lines);
      var question = headerOf(rules, blocks[0].lines, 1);
      problems = problems.concat(placeholderProblems(rules, lines), slugProblems(rules, question, kind, name),
                                 replyProblems(rules, blocks, question), categoryProblems(rules, question));
    }
    return problems.concat(scanText(rules, text)).sort(function (a, b) { return a.line - b.line; });
  }

  // ---- dates: parsing.parse_date, naive dates in the site's time zone ----

  function zoneOffset(rules, utc) {
    var p = {};
    rules.zone.formatToParts(new Date(utc)).forEach(function (part) { p[part.type] = Number(part.value); });
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - utc;
  }

  // {utc, text}, or null for what parse_date refuses
  function parseDate(rules, value) {
    value = String(value).trim();
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|([+-])(\d{2}):(\d{2}))?$/.exec(value);
    if (!rules.re.date.test(value) || !m) {
      return null;
    }
    var n = m.slice(1).map(function (x) { return x === undefined ? 0 : Number(x); });
    var local = Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]);
    var check = new Date(local);
    check.setUTCFullYear(n[0]);
    var years = rules.table.date_years;
    if (check.getUTCMonth() !== n[1] - 1 || check.getUTCDate() !== n[2] || n[3] > 23 || n[4] > 59 ||
        n[5] > 59 || n[8] > 23 || n[9] > 59 || n[0] < years[0] || n[0] > years[1]) {
      return null;
    }
    var utc = local;
    if (m[7] && m[7] !== "Z") {
      utc = local - (m[8] === "-" ? -1 : 1) * (n[8] * 60 + n[9]) * 60000;
    } else if (!m[7]) {
      utc = local - zoneOffset(rules, local - zoneOffset(rules, local));
    }
    return { utc: utc, text: value };
  }

  // "%Y-%m-%d %H:%M" in the site's time zone, as the Python messages show dates
  function showDate(rules, date) {
    var p = {};
    rules.zone.formatToParts(new Date(date.utc)).forEach(function (part) { p[part.type] = part.value; });
    var two = function (x) { return String(x).padStart(2, "0"); };
    return p.year + "-" + two(p.month) + "-" + two(p.day) + " " + two(p.hour) + ":" + two(p.minute);
  }

  // ---- one field of the form -----------------------------------------------

  // the reviewed entries of the file's Not-personal-data header, in normal form
  function reviewedKeys(rules, source) {
    var keys = new Set();
    var key = rules.table.reviewed_key.toLowerCase();
    headerLines(rules, textLines(String(source || ""))).forEach(function (h) {
      if (h.key && h.key.toLowerCase() === key) {
        h.value.split(",").forEach(function (entry) {
          var k = entry.trim() && normalForm(rules, entry);
          if (k) { keys.add(k); }
        });
      }
    });
    return keys;
  }

  // personal data in one field, with the file's reviewed entries and the line marker honoured
  function fieldPersonalData(rules, text, source) {
    var lines = text.split("\n");
    var reviewed = reviewedKeys(rules, source);
    var marked = function (line) { return rules.re.line_marker.test(lines[line - 1]); };
    return findPersonalData(rules, text).filter(function (hit) {
      return !reviewed.has(hit.key) && !marked(lineOf(text, hit.start)) && !marked(lineOf(text, hit.end));
    }).map(function (hit) { return personalDataMessage(rules, hit); });
  }

  function messages(problems) {
    return problems.map(function (p) { return p.message; });
  }

  function replyDateErrors(rules, value, questionDate) {
    var date = parseDate(rules, value || "");
    var question = parseDate(rules, questionDate || "");
    if (date === null || question === null || date.utc >= question.utc) {
      return [];
    }
    return [message(rules, "reply_date", { date: showDate(rules, date), question: showDate(rules, question) })];
  }

  function ruleErrors(rules, rule, value, text, ctx) {
    var name = text.trim();
    var categories = rules.table.categories;
    switch (rule) {
      case "text":
      case "markdown":
        return fieldPersonalData(rules, text, ctx.source).concat(messages(placeholderProblems(rules, textLines(text))));
      case "slug":
        return name && !rules.re.slug.test(name) ? [message(rules, "slug", { slug: name })] : [];
      case "category":
        return name && categories.length && categories.indexOf(name) < 0 ? [message(rules, "category", { name: name })] : [];
      case "reply_date":
        return replyDateErrors(rules, text, ctx.questionDate);
      case "accepted":
        return value === true && ctx.acceptedCount > 1 ? [message(rules, "accepted", { count: ctx.acceptedCount })] : [];
      default:
        return [];
    }
  }

  // {errors, warnings} for one field; ctx: {source (the file read), questionDate, acceptedCount}
  function checkField(rules, rule, value, ctx) {
    ctx = ctx || {};
    var text = Array.isArray(value) ? value.join(", ") : value === undefined || value === null ? "" : String(value);
    var errors = ruleErrors(rules, rule, value, text, ctx);
    if (rule !== "accepted") {
      errors = errors.concat(messages(controlProblems(rules, textLines(text))));
    }
    return { errors: errors, warnings: rule === "markdown" ? htmlWarnings(rules, text) : [] };
  }

  // ---- HTML the sanitizer (torget.html.sanitize) will remove --------------------

  var HTML_START = /(?:<!--|<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>)/g;
  var HTML_ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  var MARKDOWN_LINK = /\]\(\s*<?([A-Za-z][A-Za-z0-9+.-]*):/g;

  // sanitize._scheme
  function scheme(url) {
    var m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url.replace(/[\t\n\r]/g, "").trim());
    return m ? m[1].toLowerCase() : null;
  }

  // Markdown without fenced code and code spans, where HTML is only text
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

  function attributeWarnings(rules, tag, attributes) {
    var html = rules.table.html;
    var found = [];
    var m;
    var pattern = new RegExp(HTML_ATTRIBUTE.source, "g");
    while ((m = pattern.exec(attributes)) !== null) {
      var name = m[1].toLowerCase();
      var value = m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4] || "";
      var allowedValues = (html.attribute_values[tag] || {})[name];
      var schemes = tag === "img" ? html.image_schemes : html.url_schemes;
      if (allowedValues ? allowedValues.indexOf(value) < 0 : (html.attributes[tag] || []).indexOf(name) < 0) {
        found.push(message(rules, "html_attribute", { name: name, tag: tag }));
      } else if ((name === "href" || name === "src") && scheme(value) !== null && schemes.indexOf(scheme(value)) < 0) {
        found.push(message(rules, "html_link", { url: value }));
      }
    }
    return found;
  }

  function tagWarnings(rules, m, text) {
    var html = rules.table.html;
    if (m[0] === "<!--") {
      var end = text.indexOf("-->", m.index + 4);
      var whole = new RegExp("^(?:" + rules.re.line_marker.source + ")$", rules.re.line_marker.flags);
      return end >= 0 && whole.test(text.slice(m.index, end + 3)) ? [] : [message(rules, "html_comment")];
    }
    var tag = m[1].toLowerCase();
    if (html.clean_content_tags.indexOf(tag) >= 0) {
      return [message(rules, "html_content", { tag: tag })];
    }
    if (html.tags.indexOf(tag) < 0) {
      return [message(rules, "html_tag", { tag: tag })];
    }
    return attributeWarnings(rules, tag, m[2] || "");
  }

  // warnings, in the forum's language, for what the sanitizer removes from this Markdown
  function htmlWarnings(rules, markdown) {
    var text = prose(String(markdown || ""));
    var found = [];
    var m;
    var tags = new RegExp(HTML_START.source, "g");
    while ((m = tags.exec(text)) !== null) {
      found = found.concat(tagWarnings(rules, m, text));
    }
    var links = new RegExp(MARKDOWN_LINK.source, "g");
    while ((m = links.exec(text)) !== null) {
      if (rules.table.html.url_schemes.indexOf(m[1].toLowerCase()) < 0) {
        found.push(message(rules, "html_link", { url: m[1] + ":…" }));
      }
    }
    return found.filter(function (w, i) { return found.indexOf(w) === i; }).map(function (what) {
      return message(rules, "html", { what: what });
    });
  }

  // ---- the checker ---------------------------------------------------------

  function create(table, phoneLib) {
    var rules = compile(table, phoneLib);
    var bind = function (f) { return f.bind(null, rules); };
    return {
      table: table,
      textLines: textLines,
      message: bind(message),
      findPersonalData: bind(findPersonalData),
      personalDataKinds: bind(personalDataKinds),
      normalForm: bind(normalForm),
      scanText: bind(scanText),
      checkFile: bind(checkFile),
      checkField: bind(checkField),
      htmlWarnings: bind(htmlWarnings)
    };
  }

  return { create: create };
});
