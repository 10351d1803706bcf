// The policykg query page: the catalogue, a CodeMirror editor (vendor/workbench.js), shareable URLs
// that run on load, results paged by the server (LIMIT/OFFSET), typed sorting, and views (table, bar
// chart, timeline, graph). Works offline: everything comes from this server. Data from the dataset is
// untrusted text, so the DOM is built with createElement/textContent only, and only http(s) IRIs are links.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const textarea = $("query");
  const examples = $("examples");
  const paramsForm = $("params");
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "long", "int", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"].map((t) => XSD + t));
  const DATES = new Set([XSD + "date", XSD + "dateTime", XSD + "gYearMonth", XSD + "gYear"]);
  const PAGE_SIZE = config.pageSize || 100;
  // «1», «1.4», «10.1.», «3.10»: measure numbers, compared part by part.
  const OUTLINE_NUMBER = /^\d+(\.\d+)*\.?$/;

  let catalogue = [];
  let selected = null;      // the chosen catalogue entry
  let lastRequest = null;   // what the results on screen came from (for downloads)
  let table = null;         // {vars, rows, sortIndex, sortDir, all}
  let page = { offset: 0, more: false, paged: false };
  let view = "table";
  let chart = null;

  const editor = Workbench.createEditor(textarea, { prefixes: config.prefixes, nonce: config.styleNonce, onRun: () => run(0) });

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  let regions = new Map();  // region IRI or ISO 3166-2 code → {iso, wikidata} (from the graph)
  let shapes = null;        // the bundled GeoJSON of KZ and KG first-level units, fetched when first drawn
  fetch("/workbench/vocabulary", { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((vocabulary) => {
      editor.setVocabulary(vocabulary);
      for (const place of vocabulary.places || []) {
        regions.set(place.iri, place);
        if (place.iso) regions.set(place.iso, place);
      }
      document.body.dataset.vocabulary = "true";
      if (table) updateViews();
    })
    .catch(() => {});

  // ---------------------------------------------------------------- catalogue

  function renderParams(entry, values) {
    paramsForm.replaceChildren();
    for (const param of (entry ? entry.params : [])) {
      const id = "param-" + param.name;
      const input = el("input", { id: id, name: param.name, "data-type": param.type });
      const type = String(param.type).replace(/^xsd:/, "");
      if (type === "date") input.type = "date";
      else if (type === "integer") { input.type = "number"; input.step = "1"; }
      else if (type === "decimal") { input.type = "number"; input.step = "any"; }
      else input.type = "text";
      if (values && values.has(param.name)) input.value = values.get(param.name);
      else if (param.default !== null && param.default !== undefined) input.value = param.default;
      if (param.required) input.required = true;
      input.placeholder = param.expected || "";
      input.title = param.description || "";
      const label = el("label", { for: id, text: param.name + (param.required ? " *" : "") });
      const hint = el("span", { className: "hint", text: param.description || "" });
      paramsForm.append(el("div", { className: "param" }, [label, input, hint]));
    }
  }

  function choose(name, values) {
    selected = catalogue.find((entry) => entry.name === name) || null;
    $("example-description").textContent = selected ? selected.description : "";
    renderParams(selected, values);
    if (selected) editor.setValue(selected.query);
  }

  examples.addEventListener("change", () => choose(examples.value));

  // ---------------------------------------------------------------- requests and links

  function paramValues() {
    const values = [];
    for (const input of paramsForm.querySelectorAll("input")) {
      if (input.value !== "") values.push([input.name, input.value]);
    }
    return values;
  }

  // The page's own URL for what is in the editor: ?name=…&param=… for an unchanged catalogue query.
  function shareUrl() {
    const search = new URLSearchParams();
    if (selected && textarea.value === selected.query) {
      search.set("name", selected.name);
      for (const [name, value] of paramValues()) search.append(name, value);
    } else {
      search.set("query", textarea.value);
    }
    return window.location.origin + "/?" + search.toString();
  }

  function buildRequest(format, paging, counting) {
    const values = paramValues();
    let text = textarea.value;
    const unchanged = selected && text === selected.query && !counting;
    if (counting) {
      text = Workbench.countQuery(text, config.prefixes, COUNT_CAP);
      if (!text) return null;
    } else if (paging) {
      const paged = Workbench.pageQuery(text, config.prefixes, paging.limit, paging.offset);
      if (paged && paged.text) text = paged.text;
      else paging = null;
    }
    if (unchanged && !paging) {
      const search = new URLSearchParams(values);
      if (format) search.set("format", format);
      return { method: "GET", url: selected.url + "?" + search.toString() };
    }
    const body = new URLSearchParams();
    body.set("query", text);
    if (format) body.set("format", format);
    if (selected && selected.params.length) {  // the header declares parameters: /queries binds them
      for (const [name, value] of values) body.append(name, value);
      return { method: "POST", url: "/queries", body: body, paged: !!paging };
    }
    return { method: "POST", url: "/sparql", body: body, paged: !!paging };
  }

  function send(request, accept) {
    const options = { method: request.method, headers: { Accept: accept } };
    if (request.body) {
      options.body = request.body.toString();
      options.headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    return fetch(request.url, options);
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  // The total of a paged result: a COUNT query (Workbench.countQuery), run once per query text and
  // parameters, after the first page is shown; at most COUNT_CAP rows are counted.
  const COUNT_CAP = 100000;
  let counted = { key: null, total: null };
  async function countRows() {
    const key = JSON.stringify([textarea.value, paramValues()]);
    if (counted.key === key) { showTotal(); return; }
    counted = { key: key, total: null };
    const request = buildRequest(null, null, true);
    if (!request) return;
    try {
      const response = await send(request, "application/sparql-results+json");
      if (!response.ok || counted.key !== key) return;
      const data = await response.json();
      const binding = data.results.bindings[0];
      counted.total = binding && binding.policykg_rows ? parseInt(binding.policykg_rows.value, 10) : null;
      showTotal();
    } catch (error) {
      counted.total = null;  // the rows are shown without a total
    }
  }
  function showTotal() {
    if (counted.total === null || !table || table.all
        || counted.key !== JSON.stringify([textarea.value, paramValues()])) return;
    const info = $("page-info");
    const total = counted.total > COUNT_CAP ? "more than " + COUNT_CAP.toLocaleString("en") : String(counted.total);
    const shown = visibleRows().length;
    if (shown) info.textContent = "rows " + (page.offset + 1) + "–" + (page.offset + shown) + " of " + total;
    $("results").dataset.total = String(counted.total);
  }

  // Run the query: one page (offset, one row more than a page to tell whether there is a next one),
  // or all rows when `whole` (a sort over more than one page).
  async function run(offset, whole) {
    const button = $("run");
    button.disabled = true;
    $("error").hidden = true;
    $("status").textContent = "Running…";
    const paging = whole ? null : { limit: PAGE_SIZE + 1, offset: offset || 0 };
    const request = buildRequest(null, paging);
    const started = performance.now();
    try {
      const response = await send(request, "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8");
      const elapsed = Math.round(performance.now() - started);
      if (!response.ok) {
        const line = response.headers.get("X-Error-Line");
        const message = (await response.text()).trim();
        if (line) editor.markError(parseInt(line, 10), message);
        showError(message);
        $("status").textContent = "";
        return;
      }
      lastRequest = request;
      const link = shareUrl();
      window.history.replaceState(null, "", link);
      $("share-link").value = link;
      $("share-link").hidden = false;
      $("copy-link").disabled = false;
      const type = response.headers.get("Content-Type") || "";
      if (type.indexOf("sparql-results+json") >= 0) {
        const data = await response.json();
        if (Object.prototype.hasOwnProperty.call(data, "boolean")) {
          renderBoolean(data.boolean);
          $("status").textContent = "answer in " + elapsed + " ms";
        } else {
          let rows = data.results.bindings;
          const more = !!request.paged && rows.length > PAGE_SIZE;
          if (more) rows = rows.slice(0, PAGE_SIZE);
          page = { offset: request.paged ? (offset || 0) : 0, more: more, paged: !!request.paged };
          renderTable(data.head.vars, rows, !request.paged);
          if (request.paged && (more || page.offset > 0)) countRows();
          const first = page.offset + 1;
          const last = page.offset + rows.length;
          $("status").textContent = (request.paged && (more || page.offset > 0))
            ? "rows " + first + "–" + last + (more ? " (more follow)" : "") + " in " + elapsed + " ms"
            : rows.length + (rows.length === 1 ? " row" : " rows") + " in " + elapsed + " ms";
        }
      } else {
        renderGraph(await response.text());
        $("status").textContent = "graph in " + elapsed + " ms";
      }
      $("download-csv").disabled = false;
      $("download-json").disabled = false;
      document.body.dataset.ran = String(Number(document.body.dataset.ran || 0) + 1);
    } catch (error) {
      showError("The request failed: " + error);
      $("status").textContent = "";
    } finally {
      button.disabled = false;
    }
  }

  async function download(format) {
    if (!lastRequest) return;
    const request = buildRequest(format, null);
    const response = await send(request, "*/*");
    if (!response.ok) {
      showError((await response.text()).trim());
      return;
    }
    const blob = await response.blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: "results." + format });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  $("run").addEventListener("click", () => run(0));
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-json").addEventListener("click", () => download("json"));
  $("copy-link").addEventListener("click", () => {
    const link = $("share-link").value;
    $("share-link").select();
    if (navigator.clipboard) navigator.clipboard.writeText(link).then(() => { $("status").textContent = "link copied"; }, () => {});
  });
  $("prev-page").addEventListener("click", () => pageTo(-1));
  $("next-page").addEventListener("click", () => pageTo(1));

  function pageTo(step) {
    if (table && table.all) {  // all rows are here (sorted): page through them
      table.offset = Math.max(0, Math.min(table.offset + step * PAGE_SIZE, Math.floor((table.rows.length - 1) / PAGE_SIZE) * PAGE_SIZE));
      drawTable();
      return;
    }
    run(Math.max(0, page.offset + step * PAGE_SIZE));
  }

  // ---------------------------------------------------------------- terms and typed order

  function compact(iri) {
    let best = null;
    for (const [prefix, namespace] of Object.entries(config.prefixes)) {
      if (namespace && iri.startsWith(namespace) && iri.length > namespace.length &&
          (best === null || namespace.length > best[1].length)) best = [prefix, namespace];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function linkFor(iri) {
    if (iri.startsWith(config.base) && iri.length > config.base.length) return "/" + iri.slice(config.base.length);
    if (/^https?:\/\//i.test(iri)) return "/resource?iri=" + encodeURIComponent(iri);
    return null;  // no links to other schemes (javascript:, data:, file: …)
  }

  function termNode(term) {
    if (!term) return document.createTextNode("");
    if (term.type === "uri") {
      const href = linkFor(term.value);
      if (!href) return el("span", { className: "iri", text: term.value });
      return el("a", { href: href, title: term.value, text: compact(term.value) });
    }
    if (term.type === "bnode") return el("span", { className: "bnode", text: "_:" + term.value });
    const parts = [el("span", { className: "literal", text: term.value })];
    if (term["xml:lang"]) parts.push(el("span", { className: "lang", text: "@" + term["xml:lang"] }));
    else if (term.datatype && !NUMERIC.has(term.datatype) && term.datatype !== XSD + "string") {
      parts.push(el("span", { className: "datatype", text: compact(term.datatype) }));
    }
    return el("span", {}, parts);
  }

  function outlineParts(text) {
    return text.replace(/\.$/, "").split(".").map((n) => parseInt(n, 10));
  }

  // The key a term sorts by: [rank, value] — numbers, dates and outline numbers by their value.
  function sortKey(term) {
    if (!term) return [9, ""];
    if (term.type === "literal" && NUMERIC.has(term.datatype)) return [0, parseFloat(term.value)];
    if (term.type === "literal" && DATES.has(term.datatype)) return [1, term.value];
    const text = term.type === "uri" ? term.value.replace(/.*[/#]/, "") : term.value;
    if (OUTLINE_NUMBER.test(text)) return [2, outlineParts(text)];
    return [3, term.value];
  }

  function compareKeys(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    if (a[0] === 0) return a[1] - b[1];
    if (a[0] === 2) {
      for (let i = 0; i < Math.max(a[1].length, b[1].length); i++) {
        const x = a[1][i] === undefined ? -1 : a[1][i];
        const y = b[1][i] === undefined ? -1 : b[1][i];
        if (x !== y) return x - y;
      }
      return 0;
    }
    return String(a[1]).localeCompare(String(b[1]), "ru", { numeric: true });
  }

  // ---------------------------------------------------------------- views

  function columnKinds(vars, rows) {
    const kinds = {};
    for (const name of vars) {
      const terms = rows.map((r) => r[name]).filter(Boolean);
      const all = (test) => terms.length > 0 && terms.every(test);
      kinds[name] = all((t) => t.type === "literal" && NUMERIC.has(t.datatype)) ? "number"
        : all((t) => t.type === "literal" && DATES.has(t.datatype)) ? "date"
        : all((t) => t.type === "uri") ? "iri" : "text";
    }
    return kinds;
  }

  function suitableViews() {
    if (!table) return { graph: !!graphText };
    const kinds = columnKinds(table.vars, table.rows);
    const names = table.vars;
    const label = names.find((n) => kinds[n] === "text") || names.find((n) => kinds[n] === "iri");
    const number = names.filter((n) => kinds[n] === "number").pop();  // the last: totals come after counts
    const date = names.find((n) => kinds[n] === "date");
    const place = names.find((n) => table.rows.some((r) => r[n] && regions.has(r[n].value)));
    return { table: true, bar: label && number ? { label, number } : null, timeline: date ? { label, date } : null,
      map: place && number ? { place, number } : null, graph: false };
  }

  function updateViews() {
    const suits = suitableViews();
    $("views").hidden = false;
    for (const button of $("views").querySelectorAll("button")) {
      button.disabled = !suits[button.dataset.view];
      button.classList.toggle("active", button.dataset.view === view);
    }
  }

  for (const button of document.querySelectorAll("#views button")) {
    button.addEventListener("click", () => { view = button.dataset.view; draw(); });
  }

  function labelOf(term) {
    if (!term) return "";
    return term.type === "uri" ? compact(term.value) : term.value;
  }

  function draw() {
    if (chart) { chart.destroy(); chart = null; }
    updateViews();
    const suits = suitableViews();
    if (view === "bar" && suits.bar) return drawBar(suits.bar);
    if (view === "timeline" && suits.timeline) return drawTimeline(suits.timeline);
    if (view === "map" && suits.map) return drawMap(suits.map);
    if (view === "graph" && graphText) return drawGraph();
    view = table ? "table" : "graph";
    updateViews();
    if (table) drawTable(); else drawGraph();
  }

  function drawBar(columns) {
    $("pager").hidden = true;
    const canvas = el("canvas", { id: "chart", "aria-label": "bar chart of " + columns.number + " by " + columns.label });
    $("results").replaceChildren(el("div", { className: "chart" }, [canvas]));
    const rows = visibleRows();
    chart = new Workbench.Chart(canvas, {
      type: "bar",
      data: { labels: rows.map((r) => labelOf(r[columns.label])),
        datasets: [{ label: columns.number, data: rows.map((r) => r[columns.number] ? parseFloat(r[columns.number].value) : 0),
          backgroundColor: "#0b5cad" }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false },
    });
    $("results").dataset.view = "bar";
    $("results").dataset.bars = String(rows.length);
  }

  function drawTimeline(columns) {
    $("pager").hidden = true;
    const canvas = el("canvas", { id: "chart", "aria-label": "timeline of " + columns.date });
    $("results").replaceChildren(el("div", { className: "chart" }, [canvas]));
    const rows = visibleRows().filter((r) => r[columns.date]);
    const points = rows.map((r, i) => ({ x: Date.parse(r[columns.date].value), y: i, label: labelOf(r[columns.label]) }));
    chart = new Workbench.Chart(canvas, {
      type: "scatter",
      data: { datasets: [{ label: columns.date, data: points, backgroundColor: "#0b5cad" }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { type: "linear", ticks: { callback: (v) => new Date(v).toISOString().slice(0, 10) } },
          y: { display: false } },
        plugins: { tooltip: { callbacks: { label: (c) => new Date(c.raw.x).toISOString().slice(0, 10) + " " + c.raw.label } } } },
    });
    $("results").dataset.view = "timeline";
  }

  // A choropleth of the regions in the results (chartjs-chart-geo over the bundled Natural Earth shapes).
  async function drawMap(columns) {
    $("pager").hidden = true;
    if (!shapes) shapes = await (await fetch("/static/vendor/regions-kz-kg.geojson")).json();
    // A region's shape: by its ISO 3166-2 code where Natural Earth has it, else by its Wikidata id
    // (Natural Earth gives Kazakhstan's units their former letter codes).
    const shapeOf = (place) => shapes.features.find((f) => place.iso && f.properties.iso_3166_2 === place.iso)
      || shapes.features.find((f) => f.properties.wikidata === place.wikidata);
    const values = new Map();
    let unmatched = 0;
    for (const row of table.rows) {
      const place = row[columns.place] && regions.get(row[columns.place].value);
      const shape = place && shapeOf(place);
      if (!shape) unmatched++;
      if (shape && row[columns.number]) values.set(shape, (values.get(shape) || 0) + parseFloat(row[columns.number].value));
    }
    const countries = new Set([...values.keys()].map((f) => f.properties.iso_3166_2.slice(0, 2)));
    const features = shapes.features.filter((f) => countries.has(f.properties.iso_3166_2.slice(0, 2)));
    const canvas = el("canvas", { id: "chart", "aria-label": "map of " + columns.number + " by region" });
    $("results").replaceChildren(el("div", { className: "chart" }, [canvas]));
    if (chart) chart.destroy();
    chart = new Workbench.Chart(canvas, {
      type: "choropleth",
      data: { labels: features.map((f) => f.properties.name_ru),
        datasets: [{ label: columns.number, outline: features,
          data: features.map((f) => ({ feature: f, value: values.has(f) ? values.get(f) : 0 })) }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, showOutline: true,
        plugins: { legend: { display: false } },
        scales: { projection: { axis: "x", projection: "mercator" }, color: { axis: "x", quantize: 6 } } },
    });
    $("results").dataset.view = "map";
    $("results").dataset.regions = String(values.size);
    $("results").dataset.unmatched = String(unmatched);
  }

  // ---------------------------------------------------------------- table

  function visibleRows() {
    return table.all ? table.rows.slice(table.offset, table.offset + PAGE_SIZE) : table.rows;
  }

  function renderTable(vars, rows, complete) {
    graphText = null;
    table = { vars: vars, rows: rows.slice(), sortIndex: null, sortDir: 1, all: false, complete: complete, offset: 0 };
    draw();
  }

  function drawTable() {
    const headerCells = table.vars.map((name, index) => {
      let mark = "";
      if (table.sortIndex === index) mark = table.sortDir > 0 ? " ▲" : " ▼";
      const th = el("th", { scope: "col", "data-var": name, title: "Sort by " + name, text: name + mark });
      th.addEventListener("click", () => sortBy(index));
      return th;
    });
    const body = visibleRows().map((row) =>
      el("tr", {}, table.vars.map((name) => el("td", {}, [termNode(row[name])]))));
    const result = el("table", { className: "results" },
      [el("thead", {}, [el("tr", {}, headerCells)]), el("tbody", {}, body)]);
    $("results").replaceChildren(result);
    $("results").dataset.view = "table";
    const offset = table.all ? table.offset : page.offset;
    const more = table.all ? table.offset + PAGE_SIZE < table.rows.length : page.more;
    $("pager").hidden = !(offset > 0 || more);
    $("prev-page").disabled = offset === 0;
    $("next-page").disabled = !more;
    const shown = visibleRows().length;
    $("page-info").textContent = shown ? "rows " + (offset + 1) + "–" + (offset + shown) +
      (table.all ? " of " + table.rows.length : "") : "";
    $("results").dataset.offset = String(offset);
    showTotal();
  }

  async function sortBy(index) {
    if (table.sortIndex === index) table.sortDir = -table.sortDir;
    else { table.sortIndex = index; table.sortDir = 1; }
    if (!table.all && !table.complete && (page.more || page.offset > 0)) {
      // A sort is over all rows: fetch them once (up to the endpoint's limit), then page here.
      const keep = { sortIndex: table.sortIndex, sortDir: table.sortDir };
      await run(0, true);
      Object.assign(table, keep, { all: true, offset: 0 });
    } else if (table.complete && table.rows.length > PAGE_SIZE) {
      table.all = true;
    }
    const name = table.vars[table.sortIndex];
    table.rows.sort((a, b) => table.sortDir * compareKeys(sortKey(a[name]), sortKey(b[name])));
    table.offset = 0;
    drawTable();
  }

  function renderBoolean(value) {
    table = null;
    graphText = null;
    $("views").hidden = true;
    $("pager").hidden = true;
    $("results").replaceChildren(el("p", { className: "boolean", text: value ? "true — yes" : "false — no" }));
  }

  // ---------------------------------------------------------------- graph (CONSTRUCT, DESCRIBE)

  let graphText = null;
  const NT_LINE = /^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*\.\s*$/;

  function renderGraph(text) {
    table = null;
    graphText = text;
    view = "graph";
    draw();
  }

  function drawGraph() {
    $("pager").hidden = true;
    const pre = el("pre", { className: "graph", text: graphText });
    if (typeof vis === "undefined") {
      $("results").replaceChildren(pre);
      return;
    }
    const nodes = new Map();
    const edges = [];
    const node = (term) => {
      if (!nodes.has(term)) {
        const literal = term.startsWith('"');
        const shown = literal ? JSON.parse(term.replace(/(@[\w-]+|\^\^<[^>]*>)$/, "")) : term.startsWith("<") ? compact(term.slice(1, -1)) : term;
        nodes.set(term, { id: nodes.size, label: shown.length > 40 ? shown.slice(0, 39) + "…" : shown, title: shown,
          shape: literal ? "box" : "dot", color: literal ? "#eef1f4" : "#0b5cad", font: { size: 12 } });
      }
      return nodes.get(term).id;
    };
    for (const line of graphText.split("\n")) {
      const match = NT_LINE.exec(line.trim());
      if (match) edges.push({ from: node(match[1]), to: node(match[3]), label: compact(match[2]), arrows: "to", font: { size: 10 } });
    }
    const box = el("div", { className: "graph-view", id: "graph-view" });
    $("results").replaceChildren(box, el("details", {}, [el("summary", { text: "N-Triples" }), pre]));
    new vis.Network(box, { nodes: [...nodes.values()], edges: edges },
      { physics: { stabilization: { iterations: 200 } }, interaction: { hover: true } });
    $("results").dataset.view = "graph";
    $("results").dataset.nodes = String(nodes.size);
  }

  // ---------------------------------------------------------------- start: a shared URL runs on load

  const search = new URLSearchParams(window.location.search);
  editor.setValue(search.get("query") || config.defaultQuery);
  fetch("/queries", { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((items) => {
      catalogue = items;
      for (const entry of items) {
        examples.append(el("option", { value: entry.name, text: entry.title + " (" + entry.name + ")" }));
      }
      examples.dataset.loaded = "true";
      const name = search.get("name");
      if (name && catalogue.some((entry) => entry.name === name)) {
        examples.value = name;
        choose(name, search);
        run(0);
      } else if (name) {
        showError("No query named «" + name + "» in the catalogue.");
      } else if (search.get("query")) {
        run(0);
      }
    })
    .catch((error) => showError("The catalogue could not be loaded: " + error));
  document.body.dataset.ready = "true";
})();
