/* suchenggraph interactive graph.
 *
 * Reads the graph from <script id="sg-data" type="application/json">, draws it with
 * vis-network, and wires the search box, the kind / action-area filters, the legend and
 * the details panel. Every text from the graph is set with textContent or handed to
 * vis-network as a plain string (drawn on the canvas or shown with innerText): nothing
 * from the data is ever parsed as HTML.
 *
 * window.sgGraph exposes the network and its data sets for tests and for the curious:
 *   network, nodes, edges (all of it), nodeView, edgeView (what is shown),
 *   stabilized (true once laid out and fitted), settleMs, find(query), focusNode(id).
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("sg-data").textContent);
  var KIND_ORDER = ["organisation", "area", "task", "platform", "indicator", "goal", "target"];

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var shownKinds = new Set(DATA.kinds.map(function (k) { return k.kind; }));
  var shownArea = "";

  function nodeVisible(n) {
    if (!n || !shownKinds.has(n.kind)) { return false; }
    return !shownArea || (n.areas || []).indexOf(shownArea) >= 0;
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return nodeVisible(nodes.get(e.from)) && nodeVisible(nodes.get(e.to)); }
  });

  var container = document.getElementById("sg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  var sg = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    counts: DATA.counts, stabilized: false, settleMs: null, errors: []
  };
  window.sgGraph = sg;

  /* ------------------------------------------------------------------ settle and fit */
  var loading = document.getElementById("sg-loading");
  var progress = document.getElementById("sg-progress");
  /* overview labels (numbers) when zoomed out, names when zoomed in; faded when dimmed */
  var bright = null;  // the ids left bright while one node is highlighted, or null
  var FADED = "rgba(90, 100, 115, 0.28)";
  function look(n, scale) {
    var full = scale >= n.fullAt;
    var font = Object.assign({}, full ? n.fontFull : n.fontShort);
    var dim = bright !== null && !bright.has(n.id);
    if (dim) { font.color = FADED; font.strokeWidth = 0; }
    return { id: n.id, label: full ? n.labelFull : n.labelShort, font: font,
             opacity: dim ? 0.18 : 1 };
  }
  function applyLabels(force) {
    var scale = network.getScale();
    var ups = [];
    nodes.forEach(function (n) {
      var want = look(n, scale);
      if (force === true || n.label !== want.label) { ups.push(want); }
    });
    if (ups.length) { nodes.update(ups); }
  }
  network.on("zoom", function () { applyLabels(false); });
  network.on("animationFinished", function () { applyLabels(false); });

  function settled() {
    if (sg.stabilized) { return; }
    fit(false);
    applyLabels(false);
    if (DATA.focus && nodes.get(DATA.focus)) { network.selectNodes([DATA.focus]); }
    sg.stabilized = true;
    sg.settleMs = Math.round(performance.now());
    loading.classList.add("sg-done");
    document.body.setAttribute("data-state", "ready");
  }
  if (DATA.physics) {
    network.on("stabilizationProgress", function (p) {
      progress.textContent = Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  } else {
    network.once("afterDrawing", function () { window.requestAnimationFrame(settled); });
  }
  function fit(animate) {
    var before = { scale: network.getScale(), position: network.getViewPosition() };
    network.fit({ animation: false });
    // the whole drawing with a small margin round it
    var to = { scale: network.getScale() * 0.96, position: network.getViewPosition() };
    if (animate) {  // glide there from where the reader was
      network.moveTo(before);
      to.animation = { duration: 400 };
    }
    network.moveTo(to);
  }
  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: { duration: 250 } });
  }
  document.getElementById("sg-fit").addEventListener("click", function () { fit(true); });
  document.getElementById("sg-zoom-in").addEventListener("click", function () { zoom(1.4); });
  document.getElementById("sg-zoom-out").addEventListener("click", function () { zoom(1 / 1.4); });

  /* ------------------------------------------------------------------ highlight + details */
  var details = document.getElementById("sg-details");
  var detailsText = document.getElementById("sg-details-text");

  function highlight(id) {
    bright = new Set(network.getConnectedNodes(id));
    bright.add(id);
    applyLabels(true);
    var eups = [];
    edges.forEach(function (e) {
      var on = e.from === id || e.to === id;
      eups.push({ id: e.id, color: Object.assign({}, e.color, { opacity: on ? 1 : 0.12 }) });
    });
    edges.update(eups);
  }
  function unhighlight() {
    if (bright === null) { return; }
    bright = null;
    applyLabels(true);
    var eups = [];
    edges.forEach(function (e) {
      eups.push({ id: e.id, color: Object.assign({}, e.color, { opacity: 1 }) });
    });
    edges.update(eups);
  }
  function showDetails(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    detailsText.textContent = n.title || n.name || "";
    details.hidden = false;
  }
  function hideDetails() { details.hidden = true; detailsText.textContent = ""; }
  document.getElementById("sg-details-close").addEventListener("click", function () {
    network.unselectAll();
    unhighlight();
    hideDetails();
  });
  network.on("selectNode", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); showDetails(p.nodes[0]); }
  });
  network.on("deselectNode", function (p) {
    if (!p.nodes.length) { unhighlight(); hideDetails(); }
  });

  /* ------------------------------------------------------------------ filters */
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
  }
  Array.prototype.forEach.call(document.querySelectorAll("#sg-legend-nodes input"),
    function (box) {
      box.addEventListener("change", function () {
        var kind = box.getAttribute("data-kind");
        if (box.checked) { shownKinds.add(kind); } else { shownKinds.delete(kind); }
        refresh();
      });
    });
  var areaSelect = document.getElementById("sg-area");
  areaSelect.addEventListener("change", function () {
    shownArea = areaSelect.value;
    unhighlight();
    hideDetails();
    refresh();
    fit(true);
  });

  /* ------------------------------------------------------------------ search */
  var fold = DATA.fold || {};
  function normalise(s) {
    s = String(s || "").normalize("NFKC").toLowerCase();
    s = s.replace(/["'“”‘’「」『』《》]/g, "").replace(/\s+/g, " ").trim();
    var out = "";
    for (var i = 0; i < s.length; i++) { out += fold[s[i]] || s[i]; }
    return out;
  }
  var NUMBER_WORDS = {
    "task": "task", "任务": "task", "任務": "task",
    "indicator": "indicator", "指标": "indicator", "指標": "indicator",
    "platform": "platform", "平台": "platform", "平臺": "platform",
    "area": "area", "action area": "area", "行动": "area", "行動": "area",
    "领域": "area", "領域": "area"
  };
  var NUMBER_RE = /^([^\d#]*?)\s*(?:no\.?\s*|#\s*|第\s*)?(\d{1,4})\s*[项項个個条條]?$/;
  var index = DATA.nodes.map(function (n) {
    return {
      id: n.id, kind: n.kind, number: n.number, name: n.name,
      keys: (n.names || [n.name]).map(normalise).filter(function (k) { return k; })
    };
  });

  function find(query) {
    var q = normalise(query);
    if (!q) { return []; }
    var hits = [];
    var m = NUMBER_RE.exec(q);
    if (m) {
      var word = m[1].trim();
      var kind = word ? NUMBER_WORDS[word] : null;
      if (!word || kind) {
        var num = parseInt(m[2], 10);
        index.forEach(function (e) {
          if (e.number === num && (!kind || e.kind === kind)) { hits.push({ e: e, score: 0 }); }
        });
      }
    }
    index.forEach(function (e) {
      var best = 9;
      e.keys.forEach(function (k) {
        if (k === q) { best = Math.min(best, 1); }
        else if (k.indexOf(q) === 0) { best = Math.min(best, 2); }
        else if (k.indexOf(q) > 0) { best = Math.min(best, 3); }
      });
      if (best < 9 && !hits.some(function (h) { return h.e === e; })) {
        hits.push({ e: e, score: best });
      }
    });
    hits.sort(function (a, b) {
      return (a.score - b.score) ||
        (KIND_ORDER.indexOf(a.e.kind) - KIND_ORDER.indexOf(b.e.kind)) ||
        ((a.e.number || 0) - (b.e.number || 0)) ||
        (a.e.name < b.e.name ? -1 : a.e.name > b.e.name ? 1 : 0);
    });
    return hits.map(function (h) { return h.e.id; });
  }

  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) { return false; }
    if (!nodeVisible(n)) {  // bring it back: show its kind and every area
      shownKinds.add(n.kind);
      var box = document.querySelector('#sg-legend-nodes input[data-kind="' + n.kind + '"]');
      if (box) { box.checked = true; }
      shownArea = "";
      areaSelect.value = "";
      refresh();
    }
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
    network.focus(id, { scale: Math.max(1.0, network.getScale()), animation: { duration: 500 } });
    sg.focused = id;
    return true;
  }
  sg.find = find;
  sg.focusNode = focusNode;

  var input = document.getElementById("sg-search");
  var list = document.getElementById("sg-results");
  var results = [];
  var active = 0;
  function kindName(kind) { return DATA.ui["kind_" + kind] || kind; }
  function drawResults() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!input.value.trim()) { list.hidden = true; return; }
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "sg-none";
      none.textContent = DATA.ui.no_match;
      list.appendChild(none);
    }
    results.slice(0, 15).forEach(function (id, i) {
      var n = nodes.get(id);
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("data-id", id);
      if (i === active) { li.className = "sg-active"; }
      var name = document.createElement("span");
      name.textContent = (n.number != null && n.kind !== "area" ? n.number + ". " : "") + n.name;
      var tag = document.createElement("span");
      tag.className = "sg-kind-tag";
      tag.textContent = kindName(n.kind);
      var sub = document.createElement("span");
      sub.className = "sg-sub";
      sub.textContent = (n.names || []).filter(function (x) { return x !== n.name; })
        .slice(0, 2).join(" · ");
      li.appendChild(name);
      li.appendChild(tag);
      li.appendChild(sub);
      li.addEventListener("mousedown", function (ev) {
        ev.preventDefault();
        choose(id);
      });
      list.appendChild(li);
    });
    list.hidden = false;
  }
  function choose(id) {
    list.hidden = true;
    focusNode(id);
  }
  input.addEventListener("input", function () {
    results = find(input.value);
    active = 0;
    drawResults();
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (results.length) {
        var step = ev.key === "ArrowDown" ? 1 : -1;
        active = (active + step + Math.min(results.length, 15)) % Math.min(results.length, 15);
        drawResults();
      }
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      results = find(input.value);
      if (results.length) { choose(results[Math.min(active, results.length - 1)]); }
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });
  input.addEventListener("blur", function () { list.hidden = true; });
  input.addEventListener("focus", function () { if (input.value.trim()) { drawResults(); } });
}());
