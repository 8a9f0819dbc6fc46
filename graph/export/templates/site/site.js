// The entity site's script: the neighbourhood graph of an entity page, the index's search.
// Data comes from <script type="application/json"> blocks; text is set with textContent.
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function drawNeighbourhood() {
    var data = readJSON("nbhd-data");
    var box = document.getElementById("nbhd");
    if (!data || !box || typeof vis === "undefined") { return; }
    var nodes = data.nodes.map(function (n) {
      return {
        id: n.id, label: n.label, title: n.title, x: n.x, y: n.y, fixed: true,
        shape: n.centre ? "box" : n.shape,
        color: n.centre ? {background: n.color, border: n.color} : n.color,
        font: n.centre || n.shape === "box" ? {color: "#ffffff", size: n.centre ? 18 : 15} : {size: 15},
        size: 13, href: n.href
      };
    });
    var edges = data.edges.map(function (e, i) {
      return {id: i, from: e.from, to: e.to, title: e.label, width: e.width,
              color: {color: "#c4cbd3", highlight: "#59636e", hover: "#59636e"}};
    });
    var network = new vis.Network(box, {nodes: nodes, edges: edges}, {
      physics: false,
      interaction: {hover: true, zoomView: true, dragView: true, tooltipDelay: 150},
      edges: {smooth: false},
      layout: {improvedLayout: false}
    });
    var hrefs = {};
    nodes.forEach(function (n) { hrefs[n.id] = n.href; });
    network.on("click", function (ev) {
      if (ev.nodes.length && hrefs[ev.nodes[0]]) { window.location.href = hrefs[ev.nodes[0]]; }
    });
    network.on("hoverNode", function (ev) { box.style.cursor = hrefs[ev.node] ? "pointer" : "default"; });
    network.on("blurNode", function () { box.style.cursor = "default"; });
    network.once("afterDrawing", function () { window.aikgDrawn = nodes.length; });
    window.aikgNetwork = network;
  }

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function setupSearch() {
    var records = readJSON("search-data");
    var input = document.getElementById("q");
    var list = document.getElementById("results");
    var count = document.getElementById("result-count");
    if (!records || !input || !list) { return; }
    var folded = records.map(function (r) {
      return {r: r, name: fold(r.name), aliases: r.aliases.map(fold)};
    });
    var limit = 60;
    function rank(f, q) {
      if (f.name === q) { return 0; }
      if (f.name.indexOf(q) === 0) { return 1; }
      if (f.aliases.some(function (a) { return a === q; })) { return 2; }
      if (f.name.indexOf(q) >= 0) { return 3; }
      if (f.aliases.some(function (a) { return a.indexOf(q) >= 0; })) { return 4; }
      return -1;
    }
    function run() {
      var q = fold(input.value);
      list.textContent = "";
      if (!q) { count.textContent = ""; return; }
      var hits = [];
      folded.forEach(function (f, i) {
        var score = rank(f, q);
        if (score >= 0) { hits.push([score + f.r.weight, f.r.name.length, i]); }
      });
      hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      count.textContent = hits.length === 0 ? "No entity matches." :
        hits.length + (hits.length === 1 ? " match" : " matches") +
        (hits.length > limit ? " (the first " + limit + " shown)" : "");
      hits.slice(0, limit).forEach(function (h) {
        var r = folded[h[2]].r;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.href;
        a.textContent = r.name;
        li.appendChild(a);
        var small = document.createElement("small");
        var matched = r.aliases.filter(function (x) { return fold(x).indexOf(q) >= 0; });
        small.textContent = " " + r.kind + (matched.length && fold(r.name).indexOf(q) < 0 ?
          " · also known as " + matched.slice(0, 3).join(", ") : "");
        li.appendChild(small);
        list.appendChild(li);
      });
    }
    input.addEventListener("input", run);
    var form = input.form;
    if (form) { form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); }); }
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("q=") === 0) { input.value = hash.slice(2); }
    run();
    window.aikgSearchReady = true;
  }

  drawNeighbourhood();
  setupSearch();
}());
