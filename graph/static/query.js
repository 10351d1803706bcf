// The policykg query page: a small editor, the query catalogue, results as a sortable table.
// Works offline: everything comes from this server. Data from the dataset is untrusted text, so the
// DOM is built with createElement/textContent only (never innerHTML), and only http(s) IRIs are links.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const editor = $("query");
  const gutter = $("gutter");
  const examples = $("examples");
  const paramsForm = $("params");
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "long", "int", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"].map((t) => "http://www.w3.org/2001/XMLSchema#" + t));

  const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";

  let catalogue = [];
  let selected = null;      // the chosen catalogue entry
  let lastRequest = null;   // what the results on screen came from (for downloads)
  let errorLine = null;
  let table = null;         // {vars, rows, sortIndex, sortDir}

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

  // ---------------------------------------------------------------- editor

  function updateGutter() {
    const count = editor.value.split("\n").length;
    const lines = [];
    for (let i = 1; i <= count; i++) {
      lines.push(el("div", { className: i === errorLine ? "line error-line" : "line", text: String(i) }));
    }
    gutter.replaceChildren(...lines);
    gutter.scrollTop = editor.scrollTop;
  }

  editor.addEventListener("input", () => { errorLine = null; updateGutter(); });
  editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
      updateGutter();
    }
  });

  // ---------------------------------------------------------------- catalogue

  function renderParams(entry) {
    paramsForm.replaceChildren();
    for (const param of (entry ? entry.params : [])) {
      const id = "param-" + param.name;
      const input = el("input", { id: id, name: param.name, "data-type": param.type });
      if (param.type === "date") input.type = "date";
      else if (param.type === "integer") { input.type = "number"; input.step = "1"; }
      else if (param.type === "decimal") { input.type = "number"; input.step = "any"; }
      else input.type = "text";
      if (param.default !== null && param.default !== undefined) input.value = param.default;
      if (param.required) input.required = true;
      input.placeholder = param.expected || "";
      input.title = param.description || "";
      const label = el("label", { for: id, text: param.name + (param.required ? " *" : "") });
      const hint = el("span", { className: "hint", text: param.description || "" });
      paramsForm.append(el("div", { className: "param" }, [label, input, hint]));
    }
  }

  function choose(name) {
    selected = catalogue.find((entry) => entry.name === name) || null;
    $("example-description").textContent = selected ? selected.description : "";
    renderParams(selected);
    if (selected) {
      editor.value = selected.query;
      errorLine = null;
      updateGutter();
    }
  }

  examples.addEventListener("change", () => choose(examples.value));

  fetch("/queries", { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((items) => {
      catalogue = items;
      for (const entry of items) {
        examples.append(el("option", { value: entry.name, text: entry.title + " (" + entry.name + ")" }));
      }
      examples.dataset.loaded = "true";
    })
    .catch((error) => showError("The catalogue could not be loaded: " + error));

  // ---------------------------------------------------------------- requests

  function paramValues() {
    const values = [];
    for (const input of paramsForm.querySelectorAll("input")) {
      if (input.value !== "") values.push([input.name, input.value]);
    }
    return values;
  }

  function buildRequest(format) {
    const text = editor.value;
    const values = paramValues();
    if (selected && text === selected.query) {
      const search = new URLSearchParams(values);
      if (format) search.set("format", format);
      return { method: "GET", url: selected.url + "?" + search.toString() };
    }
    const body = new URLSearchParams();
    body.set("query", text);
    if (format) body.set("format", format);
    if (selected && selected.params.length) {
      for (const [name, value] of values) body.append(name, value);
      return { method: "POST", url: "/queries", body: body };
    }
    return { method: "POST", url: "/sparql", body: body };
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

  async function run() {
    const button = $("run");
    button.disabled = true;
    $("error").hidden = true;
    $("status").textContent = "Running…";
    const request = buildRequest(null);
    const started = performance.now();
    try {
      const response = await send(request, "application/sparql-results+json, text/turtle;q=0.9");
      const elapsed = Math.round(performance.now() - started);
      if (!response.ok) {
        const line = response.headers.get("X-Error-Line");
        errorLine = line ? parseInt(line, 10) : null;
        updateGutter();
        showError((await response.text()).trim());
        $("status").textContent = "";
        return;
      }
      lastRequest = request;
      const type = response.headers.get("Content-Type") || "";
      if (type.indexOf("sparql-results+json") >= 0) {
        const data = await response.json();
        if (Object.prototype.hasOwnProperty.call(data, "boolean")) {
          renderBoolean(data.boolean);
          $("status").textContent = "answer in " + elapsed + " ms";
        } else {
          renderTable(data.head.vars, data.results.bindings);
          const n = data.results.bindings.length;
          $("status").textContent = n + (n === 1 ? " row" : " rows") + " in " + elapsed + " ms";
        }
      } else {
        renderText(await response.text());
        $("status").textContent = "graph in " + elapsed + " ms";
      }
      $("download-csv").disabled = false;
      $("download-json").disabled = false;
    } catch (error) {
      showError("The request failed: " + error);
      $("status").textContent = "";
    } finally {
      button.disabled = false;
    }
  }

  async function download(format) {
    if (!lastRequest) return;
    const request = buildRequest(format);
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

  $("run").addEventListener("click", run);
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-json").addEventListener("click", () => download("json"));

  // ---------------------------------------------------------------- results

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
    else if (term.datatype && !NUMERIC.has(term.datatype) && term.datatype !== XSD_STRING) {
      parts.push(el("span", { className: "datatype", text: compact(term.datatype) }));
    }
    return el("span", {}, parts);
  }

  function compareTerms(a, b) {
    if (!a && !b) return 0;
    if (!a) return 1;
    if (!b) return -1;
    if (a.type === "literal" && b.type === "literal" && NUMERIC.has(a.datatype) && NUMERIC.has(b.datatype)) {
      return parseFloat(a.value) - parseFloat(b.value);
    }
    return a.value.localeCompare(b.value, "ru", { numeric: true });
  }

  function renderTable(vars, rows) {
    table = { vars: vars, rows: rows.slice(), sortIndex: null, sortDir: 1 };
    drawTable();
  }

  function drawTable() {
    const headerCells = table.vars.map((name, index) => {
      let mark = "";
      if (table.sortIndex === index) mark = table.sortDir > 0 ? " ▲" : " ▼";
      const th = el("th", { scope: "col", "data-var": name, title: "Sort by " + name, text: name + mark });
      th.addEventListener("click", () => sortBy(index));
      return th;
    });
    const body = table.rows.map((row) =>
      el("tr", {}, table.vars.map((name) => el("td", {}, [termNode(row[name])]))));
    const result = el("table", { className: "results" },
      [el("thead", {}, [el("tr", {}, headerCells)]), el("tbody", {}, body)]);
    $("results").replaceChildren(result);
  }

  function sortBy(index) {
    if (table.sortIndex === index) table.sortDir = -table.sortDir;
    else { table.sortIndex = index; table.sortDir = 1; }
    const name = table.vars[index];
    table.rows.sort((a, b) => table.sortDir * compareTerms(a[name], b[name]));
    drawTable();
  }

  function renderBoolean(value) {
    table = null;
    $("results").replaceChildren(el("p", { className: "boolean", text: value ? "true — yes" : "false — no" }));
  }

  function renderText(text) {
    table = null;
    $("results").replaceChildren(el("pre", { className: "graph", text: text }));
  }

  // ---------------------------------------------------------------- start

  const initial = new URLSearchParams(window.location.search).get("query");
  editor.value = initial || config.defaultQuery;
  updateGutter();
  document.body.dataset.ready = "true";
})();
