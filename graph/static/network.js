/* policykg network page: filters, search, legend, tooltips, details and layout over vis-network.
 *
 * The data (nodes, edges, page settings) sits in <script type="application/json" id="network-data">;
 * document text in it is untrusted and is only ever written with textContent.
 * The filter rule is the one of graph/network.py (NetworkModel.view): keep them the same.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("network-data").textContent);
  let baseOptions = JSON.parse(document.getElementById("network-options").textContent);
  if (typeof baseOptions === "string") baseOptions = JSON.parse(baseOptions);  // pyvis hands over a JSON string
  const page = data.page;
  const allNodes = data.nodes;
  const allEdges = data.edges;
  const byId = new Map(allNodes.map((n) => [n.id, n]));
  const types = new Map(page.nodeTypes.map((t) => [t.key, t]));
  const kinds = new Map(page.edgeKinds.map((k) => [k.key, k]));
  const isComponent = (id) => types.get(byId.get(id).t).component;
  const parentsOf = new Map();
  for (const e of allEdges) {
    if (e.k === "part-of") {
      if (!parentsOf.has(e.from)) parentsOf.set(e.from, []);
      parentsOf.get(e.from).push(e.to);
    }
  }

  const state = {
    types: new Set(page.nodeTypes.map((t) => t.key)),
    kinds: new Set(page.edgeKinds.map((k) => k.key)),
    doc: "", task: "", region: "", org: "",
    layout: page.layout, size: page.size,
  };

  // ------------------------------------------------------------------ the filter rule (as NetworkModel.view)
  function computeShown() {
    let shown;
    if (!(state.doc || state.task || state.region || state.org)) {
      shown = new Set(byId.keys());
    } else {
      shown = new Set();
      for (const n of allNodes) {
        if (types.get(n.t).component
            && (!state.doc || n.doc === state.doc)
            && (!state.task || n.task === state.task)
            && (!state.region || n.regions.includes(state.region))
            && (!state.org || n.orgs.includes(state.org))) shown.add(n.id);
      }
      const stack = Array.from(shown);
      while (stack.length) {
        for (const parent of parentsOf.get(stack.pop()) || []) {
          if (!shown.has(parent)) { shown.add(parent); stack.push(parent); }
        }
      }
      const context = [];
      for (const e of allEdges) {
        if (shown.has(e.from) && isComponent(e.from) && !isComponent(e.to)) context.push(e.to);
        if (shown.has(e.to) && isComponent(e.to) && !isComponent(e.from)) context.push(e.from);
      }
      for (const id of context) shown.add(id);
      for (const id of [state.region, state.org]) if (id && byId.has(id)) shown.add(id);
    }
    for (const id of Array.from(shown)) if (!state.types.has(byId.get(id).t)) shown.delete(id);
    return shown;
  }

  let shown = computeShown();
  const nodes = new vis.DataSet(allNodes.map((n) => Object.assign({}, n, {value: sizeValue(n)})));
  const edges = new vis.DataSet(allEdges);
  const nodesView = new vis.DataView(nodes, {filter: (n) => shown.has(n.id)});
  const edgesView = new vis.DataView(edges, {filter: (e) => shown.has(e.from) && shown.has(e.to) && state.kinds.has(e.k)});

  function sizeValue(n) {
    return state.size === "money" ? Math.sqrt(n.money || 0) : Math.sqrt(n.deg || 0);
  }

  // ------------------------------------------------------------------ the network
  const container = document.getElementById("network");
  const progress = document.getElementById("progress");
  const api = {stabilisedMs: null, layoutRuns: 0, nodes: nodes, edges: edges, expanded: []};
  window.policykg = api;
  let network = null;
  let started = 0;

  function optionsFor(layout) {
    if (layout === "hierarchical") {  // placed by wrappedLevels, not by vis-network's hierarchical layout
      const options = JSON.parse(JSON.stringify(page.options.force || baseOptions));
      options.physics.enabled = false;
      return options;
    }
    return JSON.parse(JSON.stringify(layout === page.layout ? baseOptions : page.options[layout]));
  }

  // The hierarchical layout: one band per level (plan → task → measure → sub-measure …, and the
  // context below), each band broken into rows so that the whole has the canvas's shape — vis-network's
  // own hierarchical layout puts a level on one line, a strip far wider than the screen.
  const DX = 120, DY = 70, LEVEL_GAP = 150;
  function wrappedLevels(ids) {
    const box = container.getBoundingClientRect();
    const aspect = Math.max(0.5, (box.width || 1200) / (box.height || 800));
    const levels = new Map();
    for (const id of ids) {
      const level = byId.get(id).level || 0;
      if (!levels.has(level)) levels.set(level, []);
      levels.get(level).push(id);
    }
    const order = Array.from(levels.keys()).sort((a, b) => a - b);
    const sizes = order.map((l) => levels.get(l).length);
    const widest = Math.max(1, ...sizes);
    let best = 1, bestMiss = Infinity;
    for (let perRow = 1; perRow <= widest; perRow++) {
      const rows = sizes.reduce((sum, n) => sum + Math.ceil(n / perRow), 0);
      const height = rows * DY + order.length * LEVEL_GAP;
      const miss = Math.abs(Math.log((perRow * DX) / height / aspect));
      if (miss < bestMiss) { best = perRow; bestMiss = miss; }
    }
    const byPath = (a, b) => String(byId.get(a).path).localeCompare(String(byId.get(b).path), "ru", {numeric: true});
    const positions = [];
    let y = 0;
    for (const level of order) {
      const members = levels.get(level).sort(byPath);
      for (let start = 0; start < members.length; start += best) {
        const row = members.slice(start, start + best);
        row.forEach((id, i) => positions.push({id: id, x: (i - (row.length - 1) / 2) * DX, y: y}));
        y += DY;
      }
      y += LEVEL_GAP;
    }
    nodes.update(positions);
    api.wrap = {perRow: best, rows: Math.round(y / DY)};
  }

  function create() {
    if (network) network.destroy();
    document.body.dataset.stable = "false";
    api.stabilisedMs = null;
    started = performance.now();
    arrowsOn = true;
    if (state.layout === "hierarchical") wrappedLevels(nodesView.getIds());
    network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, optionsFor(state.layout));
    api.network = network;
    network.on("stabilizationProgress", (p) => {
      progress.hidden = false;
      document.getElementById("progress-bar").style.width = Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", settled);
    network.on("hoverNode", (p) => showTip(nodeTip(byId.get(p.node)), p.event));
    network.on("blurNode", hideTip);
    network.on("hoverEdge", (p) => { const e = edges.get(p.edge); if (e) showTip([e.tip], p.event); });
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("click", (p) => {
      hideTip();
      if (p.nodes.length) {
        showDetails(byId.get(p.nodes[0]));
        expand(p.nodes[0]);
      }
      else if (p.edges.length) showEdgeDetails(edges.get(p.edges[0]));
      else document.getElementById("details").hidden = true;
    });
    network.on("doubleClick", (p) => {
      if (p.nodes.length && page.linkBase) window.open(linkOf(byId.get(p.nodes[0])), "_blank", "noopener");
    });
    network.on("zoom", arrowsForScale);
    network.on("dragEnd", (p) => {
      if (p.nodes.length) {
        const positions = network.getPositions(p.nodes);
        nodes.update(p.nodes.map((id) => ({id: id, x: positions[id].x, y: positions[id].y})));
      }
    });
    if (nodesView.length === 0 || state.layout === "hierarchical") settled();
  }

  // Large networks: arrowheads cost three quarters of a frame (2,000 nodes, 11,600 edges: 200 ms → 50 ms
  // without them) and are too small to see when zoomed out, so they are drawn only from ARROW_SCALE on.
  const ARROW_SCALE = 0.5;
  let arrowsOn = true;
  function arrowsForScale() {
    if (!page.large || !network) return;
    const wanted = network.getScale() >= ARROW_SCALE;
    if (wanted !== arrowsOn) {
      arrowsOn = wanted;
      network.setOptions({edges: {arrows: {to: {enabled: wanted}}}});
    }
  }

  // ------------------------------------------------------------------ the overview opens (large networks)
  // page.parts: node id → a script beside the page (graph/viz.py write_parts), which hands its data to
  // window.policykgData(src, data). A plan's script holds its components and the edges touching them;
  // page.partContext the context nodes (organisations, programmes, regions, beneficiaries) and the edges
  // among them; an organisation's or a region's script only the ids it shows and the plans' scripts
  // that hold them. Each node is written once. New nodes are laid out around the node opened, with the
  // nodes already placed held still, and the view is fitted to the part.
  const expanded = new Map();  // node id → promise of the part's load and layout
  let fitTarget = null;
  const loaded = new Map();  // script → promise of its data
  const arriving = new Map();  // script → resolve
  function load(src) {
    if (!loaded.has(src)) {
      loaded.set(src, new Promise((resolve, reject) => {
        arriving.set(src, resolve);
        const script = document.createElement("script");
        script.src = src;
        script.onerror = () => { loaded.delete(src); arriving.delete(src); reject(new Error("cannot load " + src)); };
        document.head.appendChild(script);
      }));
    }
    return loaded.get(src);
  }
  window.policykgData = (src, data) => {
    for (const n of data.nodes || []) unpackNode(n, data.styles);
    for (const e of data.edges || []) unpack(e, data.styles);
    const resolve = arriving.get(src);
    arriving.delete(src);
    if (resolve) resolve(data);
  };
  const known = new Map();  // node id → node, of every script loaded
  async function open(id) {
    const context = await load(page.partContext);
    const own = await load(page.parts[id]);
    const plans = own.plans ? await Promise.all(own.plans.map(load)) : [own];
    const ids = own.plans ? own.ids.map(full) : [...own.nodes.map((n) => n.id), ...own.context.map(full)];
    for (const source of [context, ...plans]) for (const n of source.nodes) known.set(n.id, n);
    const wanted = new Set([...ids, full(own.center)]);
    const seen = new Set(), partEdges = [];
    for (const source of [context, ...plans]) {
      for (const e of source.edges) {
        if (!seen.has(e.id) && wanted.has(e.from) && wanted.has(e.to)) { seen.add(e.id); partEdges.push(e); }
      }
    }
    show({center: full(own.center), nodes: Array.from(wanted, (k) => known.get(k)).filter(Boolean),
          edges: partEdges, selected: own.selected, total: own.total});
  }
  function expand(id) {
    if (!page.parts || !page.parts[id]) return Promise.resolve(null);
    if (!expanded.has(id)) {
      expanded.set(id, new Promise((resolve, reject) => {
        waiting.set(id, resolve);
        open(id).catch((error) => { expanded.delete(id); waiting.delete(id); reject(error); });
      }));
    }
    return expanded.get(id);
  }
  const waiting = new Map();
  // Parts come compact (graph/viz.py _compact): a style name for shared fields (the script's own styles), ids under the base as «~…»,
  // empty fields left out, and a node's path (its IRI under the base) left to be restored here.
  const full = (x) => (typeof x === "string" && x.startsWith("~") ? page.base + x.slice(1) : x);
  function unpack(item, styles) {
    Object.assign(item, (styles || {})[item.s] || {});
    delete item.s;
    for (const k of ["id", "from", "to", "task"]) if (k in item) item[k] = full(item[k]);
    for (const k of ["regions", "orgs"]) if (item[k]) item[k] = item[k].map(full);
    if ("from" in item && !item.q) item.q = [];
    return item;
  }
  function unpackNode(n, styles) {
    unpack(n, styles);
    for (const k of ["regions", "orgs", "names", "info"]) if (!n[k]) n[k] = [];
    for (const k of ["doc", "task"]) if (!n[k]) n[k] = "";
    if (!n.money) n.money = 0;
    if (!n.deg) n.deg = 0;
    n.path = page.base && n.id.startsWith(page.base) ? n.id.slice(page.base.length) : n.id;
    return n;
  }
  function show(part) {
    const at = (network && network.getPositions([part.center])[part.center]) || {x: 0, y: 0};
    const fresh = part.nodes.filter((n) => !byId.has(n.id));
    const radius = 80 + 12 * Math.sqrt(fresh.length);
    fresh.forEach((n, i) => {
      const a = 2 * Math.PI * i / Math.max(1, fresh.length);
      n.x = at.x + radius * Math.cos(a);
      n.y = at.y + radius * Math.sin(a);
      byId.set(n.id, n);
      allNodes.push(n);
    });
    const drawn = new Set(allEdges.map((e) => e.id));
    const newEdges = part.edges.filter((e) => !drawn.has(e.id));
    for (const e of newEdges) {
      allEdges.push(e);
      if (e.k === "part-of") {
        if (!parentsOf.has(e.from)) parentsOf.set(e.from, []);
        parentsOf.get(e.from).push(e.to);
      }
    }
    page.counts.nodes += fresh.length;
    page.counts.edges += newEdges.length;
    const held = nodesView.getIds();
    nodes.update(held.map((k) => ({id: k, fixed: true})));
    nodes.add(fresh.map((n) => Object.assign({}, n, {value: sizeValue(n)})));
    edges.add(newEdges);
    shown = computeShown();
    nodesView.refresh();
    edgesView.refresh();
    updateStatus();
    const note = part.total > part.selected
      ? `${part.selected} of ${part.total} components shown (the first, in document order); a plan's own node opens the rest`
      : `${part.selected} components`;
    const result = {center: part.center, nodes: part.nodes.map((n) => n.id), added: fresh.length,
                    selected: part.selected, total: part.total, note: note};
    document.getElementById("status").textContent += ` · opened ${byId.get(part.center).label.split("\n")[0]}: ${note}`;
    fitTarget = result.nodes.filter((k) => shown.has(k));
    const done = () => {
      nodes.update(held.map((k) => ({id: k, fixed: false})));
      api.expanded.push(part.center);
      const resolve = waiting.get(part.center);
      waiting.delete(part.center);
      if (resolve) resolve(result);
    };
    if (!network || !fresh.length) { refit(); done(); return; }
    document.body.dataset.stable = "false";
    started = performance.now();
    network.setOptions({physics: {enabled: true}});
    network.once("stabilizationIterationsDone", () => { settled(); done(); });
    network.stabilize(Math.min(300, 100 + fresh.length));
  };

  function settled() {
    if (page.freeze === false) {  // (bench/network.py's baseline: physics left running, as pyvis does)
      progress.hidden = true;
      api.stabilisedMs = performance.now() - started;
      document.body.dataset.stable = "true";
      return;
    }
    network.setOptions({physics: {enabled: false}});
    // keep the positions, so that nodes a filter hides come back where they were
    const positions = network.getPositions();
    nodes.update(Object.keys(positions).map((id) => ({id: id, x: positions[id].x, y: positions[id].y})));
    progress.hidden = true;
    refit();
    arrowsForScale();
    api.stabilisedMs = performance.now() - started;
    api.layoutRuns += 1;
    document.body.dataset.stable = "true";
  }

  function relayout() {
    if (state.layout === "hierarchical") { wrappedLevels(nodesView.getIds()); settled(); return; }
    document.body.dataset.stable = "false";
    started = performance.now();
    network.setOptions({physics: {enabled: true}});
    network.once("stabilizationIterationsDone", settled);
    network.stabilize(optionsFor(state.layout).physics.stabilization.iterations);
  }

  // ------------------------------------------------------------------ filters and counts
  function refresh() {
    shown = computeShown();
    nodesView.refresh();
    edgesView.refresh();
    updateStatus();
    refit();
  }

  // After a filter, a search or a layout, the nodes left are brought into view (else the canvas can be
  // empty where the hidden nodes were).
  function refit() {
    const target = fitTarget && fitTarget.length ? fitTarget : nodesView.getIds();
    fitTarget = null;
    if (network && target.length) network.fit({nodes: target, animation: false});
  }

  function updateStatus() {
    const n = nodesView.length, m = edgesView.length;
    document.getElementById("status").textContent =
      `${n} of ${page.counts.nodes} nodes, ${m} of ${page.counts.edges} edges shown`;
    document.body.dataset.nodes = String(n);
    document.body.dataset.edges = String(m);
  }

  api.expand = (id) => expand(id);
  api.visibleCounts = () => ({nodes: nodesView.length, edges: edgesView.length});
  api.visibleIds = () => ({nodes: nodesView.getIds(), edges: edgesView.getIds()});
  api.setFilter = (name, value) => {
    if (name === "types" || name === "kinds") state[name] = new Set(value);
    else state[name] = value || "";
    syncControls();
    refresh();
    return api.visibleCounts();
  };

  function option(select, value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function fillSelects() {
    const docs = document.getElementById("filter-doc");
    for (const d of page.documents) option(docs, d.id, d.label);
    const tasks = document.getElementById("filter-task");
    const many = page.documents.length > 1;
    for (const n of allNodes.filter((x) => x.t === "task")) {
      const doc = page.documents.find((d) => d.id === n.doc);
      option(tasks, n.id, n.label + (many && doc ? ` — ${doc.label}` : "") + ": " + n.full);
    }
    const byLabel = (a, b) => a.label.localeCompare(b.label, "ru");
    const regions = document.getElementById("filter-region");
    for (const n of allNodes.filter((x) => x.t === "region").sort(byLabel)) option(regions, n.id, n.full);
    const orgs = document.getElementById("filter-org");
    for (const n of allNodes.filter((x) => x.t === "organisation").sort(byLabel)) {
      option(orgs, n.id, n.label === n.full ? n.full : `${n.label} — ${n.full}`);
    }
    for (const [key, id] of [["doc", "filter-doc"], ["task", "filter-task"], ["region", "filter-region"], ["org", "filter-org"]]) {
      document.getElementById(id).addEventListener("change", (ev) => { state[key] = ev.target.value; refresh(); });
    }
    document.getElementById("reset").addEventListener("click", () => {
      state.doc = state.task = state.region = state.org = "";
      state.types = new Set(page.nodeTypes.map((t) => t.key));
      state.kinds = new Set(page.edgeKinds.map((k) => k.key));
      syncControls();
      refresh();
    });
  }

  function syncControls() {
    document.getElementById("filter-doc").value = state.doc;
    document.getElementById("filter-task").value = state.task;
    document.getElementById("filter-region").value = state.region;
    document.getElementById("filter-org").value = state.org;
    for (const li of document.querySelectorAll("#legend-nodes li")) li.classList.toggle("off", !state.types.has(li.dataset.key));
    for (const li of document.querySelectorAll("#legend-edges li")) li.classList.toggle("off", !state.kinds.has(li.dataset.key));
  }

  // ------------------------------------------------------------------ legend (doubles as the type filter)
  const SVG = "http://www.w3.org/2000/svg";

  function swatch(shape, colour) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("class", "swatch");
    let el;
    const poly = (points) => { el = document.createElementNS(SVG, "polygon"); el.setAttribute("points", points); };
    switch (shape) {
      case "star": poly("10,1 12.4,7.2 19,7.6 13.8,11.8 15.6,18.5 10,14.7 4.4,18.5 6.2,11.8 1,7.6 7.6,7.2"); break;
      case "diamond": poly("10,1 19,10 10,19 1,10"); break;
      case "triangle": poly("10,2 19,18 1,18"); break;
      case "triangleDown": poly("1,2 19,2 10,18"); break;
      case "hexagon": poly("5,2 15,2 19.5,10 15,18 5,18 0.5,10"); break;
      case "square": el = document.createElementNS(SVG, "rect"); el.setAttribute("x", 3); el.setAttribute("y", 3);
        el.setAttribute("width", 14); el.setAttribute("height", 14); break;
      default: el = document.createElementNS(SVG, "circle"); el.setAttribute("cx", 10); el.setAttribute("cy", 10); el.setAttribute("r", 8);
    }
    el.setAttribute("fill", colour);
    el.setAttribute("stroke", "#333");
    el.setAttribute("stroke-width", "0.8");
    svg.appendChild(el);
    return svg;
  }

  function line(colour, dashes, width) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 28 10");
    svg.setAttribute("class", "swatch line");
    const l = document.createElementNS(SVG, "line");
    for (const [k, v] of [["x1", 1], ["y1", 5], ["x2", 27], ["y2", 5]]) l.setAttribute(k, v);
    l.setAttribute("stroke", colour);
    l.setAttribute("stroke-width", String(Math.max(1.2, width || 1.5)));
    if (dashes) l.setAttribute("stroke-dasharray", "5 3");
    svg.appendChild(l);
    return svg;
  }

  function fillLegend() {
    const present = new Set(allNodes.map((n) => n.t));
    const perType = new Map();
    for (const n of allNodes) perType.set(n.t, (perType.get(n.t) || 0) + 1);
    const ul = document.getElementById("legend-nodes");
    for (const t of page.nodeTypes) {
      if (!present.has(t.key)) continue;
      const li = document.createElement("li");
      li.dataset.key = t.key;
      li.appendChild(swatch(t.shape, t.colour));
      const text = document.createElement("span");
      text.textContent = `${t.label} (${perType.get(t.key)})`;
      text.title = t.labelRu;
      li.appendChild(text);
      li.addEventListener("click", () => {
        if (state.types.has(t.key)) state.types.delete(t.key); else state.types.add(t.key);
        syncControls();
        refresh();
      });
      ul.appendChild(li);
    }
    const usedKinds = new Set(allEdges.map((e) => e.k));
    const ue = document.getElementById("legend-edges");
    for (const k of page.edgeKinds) {
      if (!usedKinds.has(k.key)) continue;
      const li = document.createElement("li");
      li.dataset.key = k.key;
      li.appendChild(line(k.colour, k.dashes, k.key === "lead" || k.key === "depends-on" ? 2.5 : 1.5));
      const text = document.createElement("span");
      text.textContent = k.label;
      li.appendChild(text);
      li.addEventListener("click", () => {
        if (state.kinds.has(k.key)) state.kinds.delete(k.key); else state.kinds.add(k.key);
        syncControls();
        refresh();
      });
      ue.appendChild(li);
    }
    const uq = document.getElementById("legend-qualifiers");
    const usedQ = new Set(allEdges.flatMap((e) => e.q));
    for (const q of page.qualifiers) {
      if (!usedQ.has(q.key)) continue;
      const li = document.createElement("li");
      li.className = "note";
      li.appendChild(line(q.style === "dark" ? "#7f2704" : "#d55e00", q.style === "dashed", 1.5));
      const text = document.createElement("span");
      text.textContent = `responsible ${q.label} (${q.style === "dashed" ? "dashed" : "dark"})`;
      li.appendChild(text);
      uq.appendChild(li);
    }
  }

  // ------------------------------------------------------------------ search
  function fillSearch() {
    const input = document.getElementById("search");
    const list = document.getElementById("matches");
    const run = () => {
      list.replaceChildren();
      const q = input.value.trim().toLocaleLowerCase("ru");
      if (!q) return [];
      const found = [];
      for (const n of allNodes) {
        const label = n.label.toLocaleLowerCase("ru");
        const names = n.names || [];  // other and former names («Нур-Султан» for Астана)
        const other = () => [n.full, String(n.id).replace(/^.*?\/\/[^/]+\//, ""), latin(n.label), latin(n.full),
                             ...names, ...names.map(latin)]
          .some((text) => text.toLocaleLowerCase("ru").includes(q));
        const rank = label === q ? 0 : label.startsWith(q) ? 1 : (label.includes(q) || other()) ? 2 : -1;
        if (rank >= 0) found.push([rank, n]);
      }
      found.sort((a, b) => a[0] - b[0] || a[1].label.localeCompare(b[1].label, "ru", {numeric: true}));
      for (const [, n] of found.slice(0, 12)) {
        const li = document.createElement("li");
        li.appendChild(swatch(types.get(n.t).shape, types.get(n.t).colour));
        const span = document.createElement("span");
        span.textContent = n.label === n.full ? n.label : `${n.label} — ${n.full}`;
        li.appendChild(span);
        if (!shown.has(n.id)) li.classList.add("off");
        li.addEventListener("click", () => goTo(n));
        list.appendChild(li);
      }
      if (found.length > 12) {
        const li = document.createElement("li");
        li.className = "more";
        li.textContent = `… ${found.length - 12} more`;
        list.appendChild(li);
      }
      return found.map((f) => f[1]);
    };
    input.addEventListener("input", run);
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { const found = run(); if (found.length) goTo(found[0]); }
    });
    api.search = (text) => { input.value = text; return run().map((n) => n.id); };
  }

  // A Latin spelling of Russian and Kazakh Cyrillic (after ISO 9 / GOST 7.79 system B, simplified), so
  // that «Astana» or «akimat» finds «Астана», «акимат».
  const LATIN = {а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k",
    л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch",
    ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya", ә: "a", ғ: "g", қ: "q", ң: "n", ө: "o",
    ұ: "u", ү: "u", һ: "h", і: "i"};
  function latin(text) {
    return Array.from(String(text).toLocaleLowerCase("ru"), (c) => (c in LATIN ? LATIN[c] : c)).join("");
  }

  function goTo(n) {
    showDetails(n);
    if (!shown.has(n.id)) {
      document.getElementById("details-link").textContent = "Hidden by the filters: «Show everything» brings it back.";
      return;
    }
    network.selectNodes([n.id]);
    network.focus(n.id, {scale: 1.4, animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }

  // ------------------------------------------------------------------ tooltip and details
  const tip = document.getElementById("tooltip");

  function nodeTip(n) {
    const lines = [n.full];
    for (const [k, v] of n.info) lines.push(`${k}: ${v}`);
    return lines;
  }

  function showTip(lines, event) {
    tip.replaceChildren();
    lines.forEach((text, i) => {
      const div = document.createElement("div");
      if (i === 0) div.className = "first";
      div.textContent = text;
      tip.appendChild(div);
    });
    const p = event && (event.center || event);
    const x = p && p.x != null ? p.x : 20, y = p && p.y != null ? p.y : 20;
    tip.hidden = false;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(x + 14, window.innerWidth - w - 8) + "px";
    tip.style.top = Math.min(y + 14, window.innerHeight - h - 8) + "px";
  }

  function hideTip() { tip.hidden = true; }

  function linkOf(n) {
    return page.linkBase ? page.linkBase.replace(/\/?$/, "/") + n.path.replace(/^\//, "") : "";
  }

  function showDetails(n) {
    const box = document.getElementById("details");
    box.hidden = false;
    document.getElementById("details-type").textContent = types.get(n.t).label;
    document.getElementById("details-title").textContent = n.full;
    const dl = document.getElementById("details-info");
    dl.replaceChildren();
    for (const [k, v] of n.info) {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v;
      dl.append(dt, dd);
    }
    const links = document.getElementById("details-link");
    links.replaceChildren();
    if (page.linkBase) {
      const a = document.createElement("a");
      a.href = linkOf(n);
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = "Open its page ↗ (or double-click the node)";
      links.appendChild(a);
    } else {
      const code = document.createElement("code");
      code.textContent = n.id;
      links.append("IRI: ", code);
    }
  }

  function showEdgeDetails(e) {
    const box = document.getElementById("details");
    box.hidden = false;
    document.getElementById("details-type").textContent = (kinds.get(e.k) || {label: e.k}).label;
    document.getElementById("details-title").textContent = e.tip;
    const dl = document.getElementById("details-info");
    dl.replaceChildren();
    for (const [k, id] of [["from", e.from], ["to", e.to]]) {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = byId.get(id).full;
      dl.append(dt, dd);
    }
    document.getElementById("details-link").replaceChildren();
  }

  // ------------------------------------------------------------------ layout and size controls
  function fillControls() {
    for (const radio of document.querySelectorAll("input[name=layout]")) {
      radio.checked = radio.value === state.layout;
      radio.addEventListener("change", () => { state.layout = radio.value; create(); });
    }
    const size = document.getElementById("size");
    size.value = state.size;
    size.addEventListener("change", () => {
      state.size = size.value;
      nodes.update(allNodes.map((n) => ({id: n.id, value: sizeValue(n)})));
    });
    document.getElementById("relayout").addEventListener("click", relayout);
  }
  api.setLayout = (layout) => {
    state.layout = layout;
    for (const radio of document.querySelectorAll("input[name=layout]")) radio.checked = radio.value === layout;
    create();
  };

  fillSelects();
  fillLegend();
  fillSearch();
  fillControls();
  syncControls();
  updateStatus();
  create();
  document.body.dataset.ready = "true";
})();
