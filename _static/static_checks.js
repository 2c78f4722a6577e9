/* Answer checks on the static pages, with no kernel (made by _ext/static_checks.py).
 *
 * Each <form class="static-check"> carries its exercise's data: the answers the kernel's
 * check tells apart, each as SHA-256("salt|key") (8 bytes name it, 17 more unlock its
 * message), and the messages, encrypted. A typed answer is read as Python would read it
 * (a number, a tuple or list of numbers, or else a string), turned into the same key as at
 * build time, hashed, and looked up. SHA-256 is computed here, not with crypto.subtle,
 * which a page opened from file:// or a LAN address does not have.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------------ SHA-256 (FIPS 180-4)
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256(bytes) {
    var n = bytes.length, padded = new Uint8Array(((n + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[n] = 0x80;
    var bits = n * 8, view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(padded.length - 4, bits >>> 0);
    var h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    var w = new Uint32Array(64);
    function rotr(x, r) { return (x >>> r) | (x << (32 - r)); }
    for (var off = 0; off < padded.length; off += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    var out = new Uint8Array(32), outView = new DataView(out.buffer);
    for (i = 0; i < 8; i++) outView.setUint32(4 * i, h[i]);
    return out;
  }

  function utf8(text) { return new TextEncoder().encode(text); }
  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function unhex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  // ------------------------------------------------------------ reading a typed answer
  var NUMERAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  // As Python's ast.literal_eval would read it: a number, a tuple or list of numbers, or
  // else the text itself, a string.
  function parse(text) {
    var t = text.trim();
    if (NUMERAL.test(t)) return number(t);
    if (/^'[^'\\]*'$|^"[^"\\]*"$/.test(t)) return { type: "string", text: t.slice(1, -1) };
    var open = t.charAt(0), close = t.charAt(t.length - 1), kind = "tuple", inner = t;
    if (open === "[" && close === "]") { kind = "list"; inner = t.slice(1, -1); }
    else if (open === "(" && close === ")") inner = t.slice(1, -1);
    else if (t.indexOf(",") < 0) return { type: "string", text: text };
    var parts = inner.split(","), items = [];
    if (parts.length > 1 && parts[parts.length - 1].trim() === "") parts.pop();  // (1,)
    if (parts.length === 1 && parts[0].trim() === "") parts = [];  // () or []
    for (var i = 0; i < parts.length; i++) {
      if (!NUMERAL.test(parts[i].trim())) return { type: "string", text: text };
      items.push(number(parts[i].trim()));
    }
    if (kind === "tuple" && items.length === 1 && !/,\s*\)?$/.test(t)) return items[0];  // (3)
    return { type: kind, items: items };
  }

  function number(t) {
    if (/[.eE]/.test(t)) return { type: "float", value: Number(t) };
    return { type: "int", value: Number(t), big: BigInt(t) };
  }

  // Python's repr of a float: the shortest digits that read back, fixed-point from 1e-4 to
  // 1e16, else with an exponent of at least two digits.
  function floatRepr(x) {
    if (x !== x) return "nan";
    if (!isFinite(x)) return x > 0 ? "inf" : "-inf";
    var sign = (x < 0 || Object.is(x, -0)) ? "-" : "";
    var m = Math.abs(x).toExponential().match(/^(\d)(?:\.(\d+))?e([+-]\d+)$/);
    var digits = m[1] + (m[2] || ""), e = parseInt(m[3], 10), L = digits.length;
    if (digits === "0") return sign + "0.0";
    if (-4 <= e && e < 16) {
      if (e >= L - 1) return sign + digits + "0".repeat(e - L + 1) + ".0";
      if (e >= 0) return sign + digits.slice(0, e + 1) + "." + digits.slice(e + 1);
      return sign + "0." + "0".repeat(-e - 1) + digits;
    }
    var exp = Math.abs(e) < 10 ? "0" + Math.abs(e) : String(Math.abs(e));
    return sign + digits[0] + (L > 1 ? "." + digits.slice(1) : "") + "e" + (e < 0 ? "-" : "+") + exp;
  }

  // reprlib's shortening (maxstring = maxother = 40, 6 items), as helpers.exercises uses it
  function shorten(s) {
    if (s.length <= 40) return s;
    return s.slice(0, 18) + "..." + s.slice(s.length - 19);
  }
  function strRepr(text) {
    function repr(s) {
      var q = (s.indexOf("'") >= 0 && s.indexOf('"') < 0) ? '"' : "'";
      return q + s.replace(/[\\\x00-\x1f\x7f]/g, function (c) {
        if (c === "\\") return "\\\\";
        return { "\n": "\\n", "\r": "\\r", "\t": "\\t" }[c] || "\\x" + hex([c.charCodeAt(0)]);
      }).split(q).join("\\" + q) + q;
    }
    var s = repr(text.slice(0, 40));
    if (s.length > 40) {
      s = repr(text.slice(0, 18) + text.slice(text.length - 19));
      s = s.slice(0, 18) + "..." + s.slice(s.length - 19);
    }
    return s;
  }
  function numberRepr(n) { return shorten(n.type === "int" ? n.big.toString() : floatRepr(n.value)); }
  function itemsRepr(v) {
    var shown = v.items.slice(0, 6).map(numberRepr);
    if (v.items.length > 6) shown.push("...");
    var body = shown.join(", ") + (v.type === "tuple" && v.items.length === 1 ? "," : "");
    return v.type === "tuple" ? "(" + body + ")" : "[" + body + "]";
  }

  function fill(template, values) {  // Python's str.format, for {} and {name}
    var i = 0;
    return template.replace(/\{(\w*)\}/g, function (_, key) { return key ? values[key] : values[i++]; });
  }

  // what helpers.exercises.described says of the same value
  function described(v, d) {
    if (v.type === "string") return fill(d.string, [strRepr(v.text)]);
    if (v.type === "int" || v.type === "float") return fill(d.number, [numberRepr(v)]);
    if (v.items.length === 0) return fill(d.empty, { kind: v.type });
    var n = v.items.length;
    return fill(d.items, { kind: v.type, n: n, s: n === 1 ? "" : "s", repr: itemsRepr(v) });
  }

  // ---------------------------------------------------- the key, as _ext/static_checks.py
  function power(e) { return Number("1e" + e); }

  function gridKey(value, digits, step) {
    if (value === 0) return "0";
    var p = null;
    if (digits !== null) {
      var size = Math.abs(value), e = Math.floor(Math.log10(size));
      while (power(e) > size) e -= 1;
      while (power(e + 1) <= size) e += 1;
      p = e - digits + 1;
    }
    if (step !== null) p = p === null ? step : Math.max(p, step);
    var scaled = p < 0 ? value * power(-p) : value / power(p);
    if (!isFinite(scaled)) return "far";
    var k = BigInt(Math.floor(scaled + 0.5));
    if (k === 0n) return "0";
    while (k % 10n === 0n) { k /= 10n; p += 1; }
    return k.toString() + "e" + p;
  }

  function isNumber(v) { return v.type === "int" || v.type === "float"; }
  function whole(v) { return isNumber(v) && isFinite(v.value) && Number.isInteger(v.value); }

  // {key} to look up, or {message} decided without a lookup, or {wrongForm: true}
  function keyOf(v, data) {
    var kind = data.kind;
    if (kind === "number") {
      if (!isNumber(v) || !isFinite(v.value)) return { wrongForm: true };
      for (var i = 0; i < data.below.length; i++) {
        if (v.value < data.below[i][0]) return { key: gridKey(v.value, data.digits, data.step), below: data.below[i][1] };
      }
      return { key: gridKey(v.value, data.digits, data.step) };
    }
    if (kind === "whole number") {
      if (!isNumber(v) || !isFinite(v.value)) return { wrongForm: true };
      if (!whole(v)) return { message: data.notWhole };
      return { key: String(v.value) };
    }
    if (kind === "pair") {
      if ((v.type !== "tuple" && v.type !== "list") || v.items.length !== 2 ||
          !v.items.every(whole)) return { wrongForm: true };
      return { key: v.items[0].value + "," + v.items[1].value };
    }
    // some of the choices: one whole number (not 3.0), or a tuple or list of them
    var items = v.type === "int" ? [v] : (v.type === "tuple" || v.type === "list") ? v.items : null;
    if (!items || items.length === 0 || !items.every(function (n) {
      return whole(n) && data.choices.indexOf(n.value) >= 0;
    })) return { wrongForm: true };
    var chosen = items.map(function (n) { return n.value; }).filter(function (n, i, all) {
      return all.indexOf(n) === i;
    }).sort(function (a, b) { return a - b; });
    return { key: chosen.join(",") };
  }

  function unseal(data, key) {
    var digest = sha256(utf8(data.salt + "|" + key)), label = hex(digest.slice(0, 8));
    var lo = 0, hi = data.cells.length - 1;
    while (lo <= hi) {  // the cells are sorted by label
      var mid = (lo + hi) >> 1, here = data.cells[mid][0];
      if (here === label) {
        var opened = unhex(data.cells[mid][1]).map(function (b, i) { return b ^ digest[8 + i]; });
        var sealed = unhex(data.messages[opened[0]]), messageKey = opened.slice(1), stream = [];
        for (var i = 0; stream.length < sealed.length; i++) {
          var block = new Uint8Array(messageKey.length + 4);
          block.set(messageKey);
          new DataView(block.buffer).setUint32(messageKey.length, i);
          stream.push.apply(stream, sha256(block));
        }
        return JSON.parse(new TextDecoder().decode(sealed.map(function (b, j) { return b ^ stream[j]; })));
      }
      if (here < label) lo = mid + 1; else hi = mid - 1;
    }
    return null;
  }

  // {ok, message}: the kernel's verdict on the typed text
  function verdict(text, data) {
    var v = parse(text), found = keyOf(v, data), words = data.words;
    if (found.wrongForm) {
      return { ok: false, message: fill(words.wrongForm, { form: data.form, got: described(v, words.descriptions) }) };
    }
    if (found.message !== undefined) return { ok: false, message: found.message };
    var opened = unseal(data, found.key);
    if (opened) return opened;
    return { ok: false, message: found.below !== undefined ? found.below : data.otherwise };
  }

  function say(form, data) {
    var input = form.querySelector("input"), out = form.querySelector(".static-check-verdict");
    var result = verdict(input.value, data), words = data.words;
    out.textContent = fill(words.message, { name: data.name, mark: words.marks[String(result.ok)],
                                            message: result.message }).trim();
    out.className = "static-check-verdict " + (result.ok ? "static-check-right" : "static-check-wrong");
  }

  function start() {
    document.querySelectorAll("form.static-check").forEach(function (form) {
      var data = JSON.parse(form.getAttribute("data-check"));
      form.addEventListener("submit", function (event) { event.preventDefault(); say(form, data); });
      form.hidden = false;
    });
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined") {  // for the tests, in node
    module.exports = { sha256: sha256, hex: hex, utf8: utf8, parse: parse, floatRepr: floatRepr,
                       strRepr: strRepr, described: described, gridKey: gridKey, verdict: verdict };
  }
})();
