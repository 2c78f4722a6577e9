// The static explorer: draws the result precomputed for the slider position.
// Written for helpers/explore/static_view.py, which inlines it after its JSON data.
// Every size and colour it shares with the live drawing (helpers/explore/panels.py)
// comes from that data: data.cost, data.map, data.digits.
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector(".nnx-data").textContent);
  var inputs = root.querySelectorAll("input[type=range]");
  var lossCanvas = root.querySelector(".nnx-loss");
  var kind = data.panel || "map";  // what the second canvas shows: "map" or "digits"
  var panelCanvas = root.querySelector(".nnx-" + kind);
  var caption = root.querySelector(".nnx-caption");
  // the words of the page's language (the Chinese edition's pages are <html lang="zh-CN">):
  // data.words holds the Chinese of every English string the explorer shows
  var lang = /^zh/i.test(document.documentElement.lang || "") ? "zh-CN" : "en";
  var words = (data.words || {})[lang] || {};
  function say(s) { return Object.prototype.hasOwnProperty.call(words, s) ? words[s] : s; }

  function fmt(v) {
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(0).replace("e+", "e");
    return String(+v.toPrecision(3));
  }

  // Round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi].
  function niceTicks(lo, hi) {
    var raw = (hi - lo) / 5, p = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / p;
    var step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * p, out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toFixed(10));
    return out;
  }

  function frame(ctx, box, title, xlabel, ylabel) {
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.strokeStyle = "#000"; ctx.lineWidth = 1;
    ctx.fillStyle = "#222"; ctx.font = "14px sans-serif"; ctx.textAlign = "center";
    ctx.fillText(title, box.x + box.w / 2, 18);
    ctx.font = "13px sans-serif";
    ctx.fillText(xlabel, box.x + box.w / 2, box.y + box.h + 38);
    ctx.save(); ctx.translate(14, box.y + box.h / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText(ylabel, 0, 0); ctx.restore();
  }

  function tick(ctx, x, y, label, vertical) {
    ctx.beginPath();
    if (vertical) { ctx.moveTo(x, y); ctx.lineTo(x, y + 4); } else { ctx.moveTo(x - 4, y); ctx.lineTo(x, y); }
    ctx.stroke();
    ctx.font = "11px sans-serif";
    if (vertical) { ctx.textAlign = "center"; ctx.fillText(label, x, y + 16); }
    else { ctx.textAlign = "right"; ctx.fillText(label, x - 6, y + 4); }
  }

  // the axes' box on a canvas, from its margins [left, top, right, bottom]
  function inside(canvas, m) {
    return { x: m[0], y: m[1], w: canvas.width - m[0] - m[2], h: canvas.height - m[1] - m[3] };
  }

  function drawLoss(result) {
    var ctx = lossCanvas.getContext("2d"), cost = data.cost;
    var box = inside(lossCanvas, cost.box);
    frame(ctx, box, say(cost.title), say(data.xlabel || "step"), say(data.ylabel));
    var steps = result.steps, names = data.curves;
    // fixed limits, the same for every slider position (as in the live widget)
    var lo = Math.log10(data.ylim[0]), hi = Math.log10(data.ylim[1]);
    var xmax = data.max_steps;
    function X(s) { return box.x + box.w * s / xmax; }
    function Y(v) { return box.y + box.h * (hi - Math.log10(Math.max(v, Math.pow(10, lo)))) / (hi - lo); }
    ctx.strokeRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = "#222";
    var every = Math.max(1, Math.ceil((hi - lo) / 6));
    // at each power of ten, and over few decades at 2 and 5 times each too
    var mults = cost.tick_mults;
    for (var e = Math.floor(lo); e <= hi; e += every) {
      mults.forEach(function (m) {
        var v = m * Math.pow(10, e), le = Math.log10(v);
        if (le >= lo - 1e-9 && le <= hi + 1e-9) tick(ctx, box.x, Y(v), mults.length > 1 ? fmt(v) : "1e" + e, false);
      });
    }
    niceTicks(0, xmax).forEach(function (v) { tick(ctx, X(v), box.y + box.h, fmt(v), true); });
    names.forEach(function (c, k) {
      var vals = result.curves[c];
      ctx.strokeStyle = cost.colours[c]; ctx.lineWidth = cost.line_width; ctx.beginPath();
      vals.forEach(function (v, i) { var p = [X(steps[i]), Y(v)]; if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
      ctx.stroke();
      if (names.length > 1) {
        var ly = box.y + 16 + 18 * k;
        ctx.beginPath(); ctx.moveTo(box.x + box.w - 70, ly); ctx.lineTo(box.x + box.w - 48, ly); ctx.stroke();
        ctx.fillStyle = "#222"; ctx.textAlign = "left"; ctx.font = "12px sans-serif";
        ctx.fillText(say(c), box.x + box.w - 42, ly + 4);
      }
    });
  }

  function drawMap(result) {
    var ctx = panelCanvas.getContext("2d"), map = data.map;
    var box = inside(panelCanvas, map.box);
    var N = map.size;  // the map is N x N points
    frame(ctx, box, say(map.title), say(map.labels[0]), say(map.labels[1]));
    var off = document.createElement("canvas"); off.width = N; off.height = N;
    var octx = off.getContext("2d"), img = octx.createImageData(N, N);
    result.surface.forEach(function (v, i) {
      var row = Math.floor(i / N), col = i % N, hex = map.cmap[v];
      var j = 4 * ((N - 1 - row) * N + col);  // first row of the data is the bottom of the plane
      img.data[j] = parseInt(hex.substr(1, 2), 16); img.data[j + 1] = parseInt(hex.substr(3, 2), 16);
      img.data[j + 2] = parseInt(hex.substr(5, 2), 16); img.data[j + 3] = 255;
    });
    octx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    // pixel centres sit on the grid points, as in matplotlib's imshow with the same extent
    ctx.drawImage(off, box.x, box.y, box.w, box.h);
    ctx.strokeStyle = "#000"; ctx.lineWidth = 1; ctx.strokeRect(box.x, box.y, box.w, box.h);
    var ext = map.extent;
    function X(v) { return box.x + box.w * (v - ext[0]) / (ext[1] - ext[0]); }
    function Y(v) { return box.y + box.h * (ext[3] - v) / (ext[3] - ext[2]); }
    ctx.fillStyle = "#222";
    niceTicks(ext[0], ext[1]).forEach(function (v) { tick(ctx, X(v), box.y + box.h, fmt(v), true); });
    niceTicks(ext[2], ext[3]).forEach(function (v) { tick(ctx, box.x, Y(v), fmt(v), false); });
    var r = map.radius;
    map.points.forEach(function (p) {
      var style = map.markers[p[2]];  // [marker: "o" a circle or "s" a square, fill, edge]
      ctx.beginPath(); ctx.lineWidth = map.edge;
      if (style[0] === "s") ctx.rect(X(p[0]) - r, Y(p[1]) - r, 2 * r, 2 * r);
      else ctx.arc(X(p[0]), Y(p[1]), r, 0, 2 * Math.PI);
      ctx.fillStyle = style[1]; ctx.strokeStyle = style[2];
      ctx.fill(); ctx.stroke();
    });
  }

  // The held-out digits: one grey image of the whole mosaic, made once, each
  // side x side digit in a tile with a white gap around it (the layout of DigitsPanel).
  var mosaic = null;
  function digitsMosaic() {
    var d = data.digits, side = d.side, t = d.tile, gap = t - side, area = side * side;
    var n = d.images.length / area, cols = d.cols, rows = Math.ceil(n / cols);
    var off = document.createElement("canvas");
    off.width = t * cols + gap; off.height = t * rows + gap;
    var octx = off.getContext("2d"), img = octx.createImageData(off.width, off.height);
    for (var j = 0; j < img.data.length; j++) img.data[j] = 255;  // white gaps
    for (var i = 0; i < n; i++) {
      var x0 = gap + t * (i % cols), y0 = gap + t * Math.floor(i / cols);
      for (var p = 0; p < area; p++) {
        // each pixel one character, its grey level 0 .. d.levels in base d.levels + 1
        var level = parseInt(d.images.charAt(area * i + p), d.levels + 1);
        var grey = Math.round(255 * (1 - level / d.levels));
        var k = 4 * ((y0 + Math.floor(p / side)) * off.width + x0 + p % side);
        img.data[k] = img.data[k + 1] = img.data[k + 2] = grey;
      }
    }
    octx.putImageData(img, 0, 0);
    return off;
  }

  function drawDigits(result) {
    var ctx = panelCanvas.getContext("2d"), d = data.digits, s = d.scale, t = d.tile;
    var mid = (t - d.side) / 2;  // the middle of the gap between two digits
    mosaic = mosaic || digitsMosaic();
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, panelCanvas.width, panelCanvas.height);
    ctx.fillStyle = "#222"; ctx.font = "13px sans-serif"; ctx.textAlign = "center";
    ctx.fillText(say(d.title), panelCanvas.width / 2, 18);
    var x0 = d.origin[0], y0 = d.origin[1];
    ctx.imageSmoothingEnabled = false;  // crisp pixels, each s x s
    ctx.drawImage(mosaic, x0, y0, s * mosaic.width, s * mosaic.height);
    // the frames first, then the answers, so no frame runs over a neighbour's answer
    ctx.strokeStyle = d.mistake; ctx.lineWidth = s;
    result.wrong.forEach(function (w) {
      var col = w[0] % d.cols, row = Math.floor(w[0] / d.cols);
      // along the gap around the image, as wide as the gap
      ctx.strokeRect(x0 + s * (t * col + mid), y0 + s * (t * row + mid), t * s, t * s);
    });
    ctx.font = "bold " + d.font + "px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.lineWidth = d.halo; ctx.strokeStyle = "#fff"; ctx.fillStyle = d.mistake;
    result.wrong.forEach(function (w) {
      var col = w[0] % d.cols, row = Math.floor(w[0] / d.cols);
      // on the frame's lower right corner, where digits are mostly blank
      var x = x0 + s * (t * (col + 1) + mid), y = y0 + s * (t * (row + 1) + mid);
      ctx.strokeText(String(w[1]), x, y); ctx.fillText(String(w[1]), x, y);
    });
    ctx.textBaseline = "alphabetic";
  }

  function update() {
    var key = Array.prototype.map.call(inputs, function (el, i) {
      el.nextElementSibling.textContent = data.sliders[i].values[+el.value];
      return el.value;
    }).join("_");
    var result = data.results[key];
    drawLoss(result);
    if (kind === "digits") drawDigits(result); else drawMap(result);
    if (caption) caption.textContent = say(result.caption);
    root.setAttribute("data-shown", key);
  }

  Array.prototype.forEach.call(inputs, function (el) { el.addEventListener("input", update); });
  update();
})();
