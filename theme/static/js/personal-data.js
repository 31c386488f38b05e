/* Torget: personal data in what a resident is about to send (the ask page).
 *
 * One function, personalData(text, allowed) -> the kinds found, in the
 * order "identity", "phone", "email" (each at most once). It follows the
 * rules of torget.privacy (the build's guard) in a small form: Swedish
 * personal identity and coordination numbers with a real date and a valid
 * Luhn digit, Swedish and international phone numbers written with their
 * trunk prefix or country code (not service numbers: 020, 077x, 09xx), and
 * e-mail addresses; the organisation's own contacts (allowed) are left out.
 * The seam for the editor's shared rule table: replace this file's body,
 * keep window.torgetPersonalData.personalData.
 */
(function () {
  "use strict";

  var DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212";
  var SPACES = " \u00a0\u202f\u2009";
  var IDENTITY = new RegExp(
    "(^|[^\\w+" + DASHES + "./,#@])(18|19|20)?(\\d{6})([" + SPACES + "]{0,2}[+" + DASHES + "][" + SPACES + "]{0,2}|[" +
    SPACES + "])?(\\d{4})(?![\\w" + DASHES + "@]|[.,]\\d)", "g");
  var PHONE = new RegExp("(^|[^\\w/=#@&?%.+" + DASHES + "])((?:\\+|00)\\d[\\d()" + DASHES + SPACES + "./]{6,20}\\d|\\(?0[\\d()" +
    DASHES + SPACES + "./]{6,16}\\d)", "g");
  var EMAIL = /(^|[^\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z\u00c0-\u024f]{2,}(?![\w\-])/g;
  var SERVICE = /^0(?:20|77[0-9]|9[0-9]{2}|99)/;

  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  function realDate(century, yymmdd) {
    var month = Number(yymmdd.slice(2, 4)), day = Number(yymmdd.slice(4, 6));
    if (day > 60) day -= 60;  // a coordination number
    if (month < 1 || month > 12 || day < 1) return false;
    var year = century ? Number(century + yymmdd.slice(0, 2)) : 2000 + Number(yymmdd.slice(0, 2));
    return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function hasIdentity(text) {
    IDENTITY.lastIndex = 0;
    var match;
    while ((match = IDENTITY.exec(text))) {
      if (realDate(match[2], match[3]) && luhn(match[3] + match[5])) return true;
    }
    return false;
  }

  /* A number's digits in national form (+46 and 0046 as 0). */
  function phoneKey(number) {
    var digits = number.replace(/\D/g, "");
    if (/^\+/.test(number.trim())) digits = "00" + digits;
    if (digits.lastIndexOf("0046", 0) === 0) digits = "0" + digits.slice(4);
    return digits;
  }

  function isPhone(candidate) {
    var digits = phoneKey(candidate);
    if (/^\d{1,2}[.:]\d{2}/.test(candidate) || /^\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}$/.test(candidate)) return false;
    if (digits.lastIndexOf("00", 0) === 0) return digits.length >= 10 && digits.length <= 17;
    return digits.length >= 8 && digits.length <= 11 && !SERVICE.test(digits);
  }

  function personalData(text, allowed) {
    text = String(text || "").replace(/\n/g, " ");
    var allowedKeys = (allowed || []).map(function (a) { return /@/.test(a) ? a.trim().toLowerCase() : phoneKey(a); });
    var found = [];
    if (hasIdentity(text)) found.push("identity");
    var rest = text.replace(IDENTITY, "$1");
    PHONE.lastIndex = 0;
    var match;
    while ((match = PHONE.exec(rest))) {
      if (isPhone(match[2]) && allowedKeys.indexOf(phoneKey(match[2])) < 0) { found.push("phone"); break; }
    }
    EMAIL.lastIndex = 0;
    while ((match = EMAIL.exec(text))) {
      var address = match[0].slice(match[1].length).toLowerCase();
      if (allowedKeys.indexOf(address) < 0) { found.push("email"); break; }
    }
    return found;
  }

  window.torgetPersonalData = { personalData: personalData };
})();
