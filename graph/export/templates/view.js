(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("aikg-data").textContent);
  var filters = payload.filters;
  var frames = payload.frames || [];
  var claims = payload.claims || {};
  var sources = payload.sources || [];
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var chosen = filters.map(function () { return []; });
  var frame = frames.length ? frames.length - 1 : -1;
  // id -> the item's state at the current frame (items with "at"); node and edge ids overlap
  var nodeState = {};
  var edgeState = {};
  var visible = null;
  var selected = null;

  function stateAt(item, f) {
    if (!item.at) { return item; }
    var found = null;
    for (var i = 0; i < item.at.length; i++) {
      if (item.at[i][0] <= f) { found = item.at[i][1]; } else { break; }
    }
    return found;
  }
  function present(item, states) { return !item.at || states[item.id] !== null; }
  function matches(item, f, values) {
    var v = item[f.field];
    v = (v === undefined || v === null) ? "" : String(v);
    for (var i = 0; i < values.length; i++) {
      if (f.match === "token" ? (";" + v + ";").indexOf(";" + values[i] + ";") >= 0
                              : v === values[i]) { return true; }
    }
    return false;
  }
  function passes(item, target) {
    for (var i = 0; i < filters.length; i++) {
      var f = filters[i];
      if (f.target === target && chosen[i].length && !matches(item, f, chosen[i])) { return false; }
    }
    return true;
  }
  var restrict = null;  // with an edge filter on: the nodes that keep a passing edge
  var linked = null;  // ends of the edges present at the current date (tucked nodes aside)
  function nodeOk(n) {
    return present(n, nodeState) && passes(n, "node") &&
      !(payload.hideIsolated && !showAll() && (n.isolated || !linked.has(n.id))) &&
      (restrict === null || restrict.has(n.id));
  }
  function findLinked() {
    var tucked = new Set(nodes.getIds({filter: function (n) { return Boolean(n.isolated); }}));
    linked = new Set();
    edges.forEach(function (e) {
      if (e.from === e.to || !present(e, edgeState) || tucked.has(e.from) || tucked.has(e.to)) {
        return;
      }
      linked.add(e.from);
      linked.add(e.to);
    });
  }
  function edgeOk(e) {
    return present(e, edgeState) && visible.has(e.from) && visible.has(e.to) && passes(e, "edge");
  }
  function showAll() {
    var box = document.getElementById("show-all");
    return box !== null && box.checked;
  }

  // --- frames: every item's state at the chosen date -------------------------------------
  function tooltip(st, extra) {
    var lines = [st.head || st.label];
    (st.lines || []).forEach(function (l) { lines.push(l); });
    if (extra) { lines.push(extra); }
    return lines.join("\n");
  }
  function applyFrame(f) {
    var nodeUpdates = [];
    var edgeUpdates = [];
    nodes.forEach(function (n) {
      if (!n.at) { return; }
      var st = stateAt(n, f);
      nodeState[n.id] = st;
      if (st) {
        var u = {id: n.id, label: st.label, title: tooltip(st), poles: (st.poles || []).join(";")};
        if (st.value !== undefined) { u.value = st.value; }
        nodeUpdates.push(u);
      }
    });
    edges.forEach(function (e) {
      if (!e.at) { return; }
      var st = stateAt(e, f);
      edgeState[e.id] = st;
      if (st) {
        var n = (st.claims || []).length;
        var u = {id: e.id, label: st.label || undefined, width: st.width,
                 title: tooltip(st, n ? "click for the " + n + " claim(s) and sources" : "")};
        if (st.status !== undefined) { u.status = st.status; }
        edgeUpdates.push(u);
      }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    findLinked();
  }

  visible = new Set();
  if (frames.length) { applyFrame(frame); } else { findLinked(); }
  visible = new Set(nodes.getIds({filter: nodeOk}));
  var nodeView = new vis.DataView(nodes, {filter: nodeOk});
  var edgeView = new vis.DataView(edges, {filter: edgeOk});
  var container = document.getElementById("net");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, payload.options);
  var details = document.getElementById("details");
  var count = document.getElementById("count");

  function hideTooltip() {
    var tip = document.querySelector("div.vis-tooltip");
    if (tip) { tip.style.visibility = "hidden"; }
  }
  container.addEventListener("mouseleave", hideTooltip);

  function showCount() {
    count.textContent = nodeView.length + " of " + nodes.length + " nodes, " +
      edgeView.length + " of " + edges.length + " edges shown";
  }

  // --- details: what a click shows, with its claims and sources as links ------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(src) {
    var url = String(src.url || "");
    var label = (src.publisher || url) + (src.date ? ", " + src.date : "");
    if (/^https?:\/\//i.test(url)) {
      var a = el("a", label);
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      return a;
    }
    return el("span", label + (src.publisher ? "" : " (not a web page)"));
  }
  function claimItem(id) {
    var c = claims[id];
    var li = el("li");
    if (!c) { li.textContent = id; return li; }
    li.appendChild(el("strong", c.name));
    var facts = [c.kind, c.amount, c.date || "undated", c.status].filter(Boolean);
    if (c.stage && c.stage !== "Definitive") { facts.push(c.stage); }
    li.appendChild(el("div", facts.join(" \u00b7 "), "facts"));
    if (c.sources.length) {
      var ul = el("ul", null, "sources");
      c.sources.forEach(function (i) {
        var s = el("li");
        s.appendChild(link(sources[i]));
        ul.appendChild(s);
      });
      li.appendChild(ul);
    }
    return li;
  }
  function show(item, states) {
    details.textContent = "";
    if (!item) { details.textContent = "Click a node or an edge."; return; }
    var st = item.at ? states[item.id] : null;
    if (!st) {
      details.appendChild(el("div", item.title, "plain"));
      return;
    }
    details.appendChild(el("h3", st.head || st.label));
    (st.lines || []).forEach(function (l) { details.appendChild(el("div", l)); });
    var ids = st.claims || [];
    if (ids.length) {
      details.appendChild(el("h4", ids.length + " claim(s), with their sources"));
      var ol = el("ol", null, "claims");
      ids.forEach(function (id) { ol.appendChild(claimItem(id)); });
      details.appendChild(ol);
    }
  }

  // --- neighbourhood highlight -------------------------------------------------------------
  function highlight(id) {
    selected = id;
    var keep = new Set(id === null ? [] : network.getConnectedNodes(id).concat([id]));
    var nodeUpdates = [];
    nodeView.forEach(function (n) {
      var dim = id !== null && !keep.has(n.id);
      if (Boolean(n.dimmed) !== dim) { nodeUpdates.push({id: n.id, dimmed: dim, opacity: dim ? 0.15 : 1}); }
    });
    nodes.update(nodeUpdates);
    var edgeUpdates = [];
    edgeView.forEach(function (e) {
      var dim = id !== null && e.from !== id && e.to !== id;
      if (Boolean(e.dimmed) !== dim) {
        var color = Object.assign({}, e.color || {}, {opacity: dim ? 0.08 : (e.baseOpacity || 1)});
        edgeUpdates.push({id: e.id, dimmed: dim, color: color});
      }
    });
    edges.update(edgeUpdates);
  }

  function edgeFilterOn() {
    for (var i = 0; i < filters.length; i++) {
      if (filters[i].target === "edge" && chosen[i].length) { return true; }
    }
    return false;
  }
  function refresh() {
    hideTooltip();
    restrict = null;
    visible = new Set(nodes.getIds({filter: nodeOk}));
    if (edgeFilterOn()) {
      var ends = new Set();
      edges.forEach(function (e) {
        if (edgeOk(e)) { ends.add(e.from); ends.add(e.to); }
      });
      restrict = ends;
      visible = new Set(nodes.getIds({filter: nodeOk}));
    }
    nodeView.refresh();
    edgeView.refresh();
    if (selected !== null && !visible.has(selected)) { highlight(null); show(null); }
    showCount();
  }

  filters.forEach(function (f, i) {
    var control = document.getElementById("filter-" + f.key);
    control.addEventListener("change", function () {
      var boxes = control.querySelectorAll("input[type=checkbox]");
      if (boxes.length) {
        chosen[i] = Array.prototype.filter.call(boxes, function (b) { return b.checked; })
          .map(function (b) { return b.value; });
      } else {
        chosen[i] = control.value === "" ? [] : [control.value];
      }
      refresh();
    });
  });
  var showAllBox = document.getElementById("show-all");
  if (showAllBox) { showAllBox.addEventListener("change", refresh); }

  network.on("click", function (params) {
    if (params.nodes.length) {
      show(nodes.get(params.nodes[0]), nodeState);
      highlight(params.nodes[0]);
    } else if (params.edges.length) {
      show(edges.get(params.edges[0]), edgeState);
      highlight(null);
    } else {
      show(null);
      highlight(null);
    }
  });

  // --- search ------------------------------------------------------------------------------
  var names = document.getElementById("names");
  nodes.get({order: "label"}).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });
  function focusNode(text) {
    var q = String(text).trim().toLowerCase();
    if (!q) { return null; }
    var found = nodes.get({filter: function (n) { return n.label.toLowerCase() === q; }});
    if (!found.length) {
      found = nodes.get({filter: function (n) { return n.label.toLowerCase().indexOf(q) >= 0; }});
    }
    if (!found.length) {
      details.textContent = "No node named \u201c" + text + "\u201d.";
      return null;
    }
    var node = found[0];
    if (!visible.has(node.id)) {
      details.textContent = node.label + " is not shown (filters or date).";
      return null;
    }
    network.selectNodes([node.id]);
    network.focus(node.id, {scale: 1.2, animation: false});
    show(node, nodeState);
    highlight(node.id);
    return node.id;
  }
  var search = document.getElementById("search");
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { focusNode(search.value); }
  });
  search.addEventListener("change", function () { focusNode(search.value); });

  // --- time control ------------------------------------------------------------------------
  var slider = document.getElementById("date");
  var dateText = document.getElementById("date-text");
  var play = document.getElementById("play");
  var subtitle = document.getElementById("subtitle");
  var timer = null;
  function setFrame(f) {
    frame = Math.max(0, Math.min(frames.length - 1, f));
    if (slider) { slider.value = String(frame); }
    applyFrame(frame);
    if (dateText) { dateText.textContent = frames[frame].text; }
    if (subtitle && frames[frame].subtitle) {
      subtitle.textContent = frames[frame].text + " \u00b7 " + frames[frame].subtitle;
    }
    refresh();
    if (selected !== null) { show(nodes.get(selected), nodeState); highlight(selected); }
  }
  function frameOf(day) {
    var best = 0;
    for (var i = 0; i < frames.length; i++) {
      if (!frames[i].day || frames[i].day <= day) { best = i; }
      if (frames[i].day && frames[i].day > day) { break; }
    }
    return best;
  }
  if (slider && frames.length) {
    slider.max = String(frames.length - 1);
    slider.value = String(frame);
    dateText.textContent = frames[frame].text;
    slider.addEventListener("input", function () { setFrame(Number(slider.value)); });
    play.addEventListener("click", function () {
      if (timer !== null) {
        clearInterval(timer);
        timer = null;
        play.textContent = "\u25b6 Play";
        return;
      }
      if (frame >= frames.length - 1) { setFrame(0); }
      play.textContent = "\u23f8 Pause";
      timer = setInterval(function () {
        if (frame >= frames.length - 1) {
          clearInterval(timer);
          timer = null;
          play.textContent = "\u25b6 Play";
          return;
        }
        setFrame(frame + 1);
      }, 700);
    });
  }

  // --- zoom buttons, canvas titles, first view ---------------------------------------------
  function zoom(factor) {
    network.moveTo({scale: network.getScale() * factor, animation: false});
  }
  function fitView() {
    var ids = nodeView.getIds();
    network.fit({nodes: ids, animation: false});
    var focus = (payload.focus || []).filter(function (id) { return visible.has(id); });
    if (focus.length && network.getScale() * payload.focusFont < 13) {
      network.fit({nodes: focus, animation: false});
      network.moveTo({scale: network.getScale() * 0.98, animation: false});
      return;
    }
    network.moveTo({scale: network.getScale() * 0.94, animation: false});
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 1.3); });
  document.getElementById("fit").addEventListener("click", fitView);
  var notes = payload.annotations || [];
  network.on("beforeDrawing", function (ctx) {
    notes.forEach(function (a) {
      ctx.save();
      ctx.font = "600 " + a[3] + "px system-ui, sans-serif";
      ctx.fillStyle = "#6b7280";
      ctx.textAlign = a[4];
      ctx.fillText(a[2], a[0], a[1]);
      ctx.restore();
    });
  });

  showCount();
  window.aikg = {network: network, nodes: nodes, edges: edges, nodeView: nodeView,
                 edgeView: edgeView, focus: focusNode, expected: payload.expected,
                 frames: frames, setFrame: setFrame, frameOf: frameOf,
                 state: function (id) { return nodeState[id]; },
                 edgeState: function (id) { return edgeState[id]; }, fit: fitView};
  fitView();
  network.once("afterDrawing", function () {
    var hash = decodeURIComponent(location.hash.slice(1));
    hash.split("&").forEach(function (part) {
      if (part.indexOf("date=") === 0 && frames.length) { setFrame(frameOf(part.slice(5))); }
    });
    hash.split("&").forEach(function (part) {
      if (part.indexOf("focus=") === 0) { focusNode(part.slice(6)); }
    });
    window.aikgReadyAt = performance.now();
    window.aikgReady = true;
  });
}());
