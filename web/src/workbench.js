// The query page's editor and charts, bundled by build.mjs into graph/static/vendor/workbench.js.
// CodeMirror 6 with the SPARQL mode of @codemirror/legacy-modes for highlighting, completion of
// prefixes and of the graph's own terms, and SPARQL.js (the RDF/JS parser) for checking as you type.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { autocompletion } from "@codemirror/autocomplete";
import { linter, lintGutter, forceLinting } from "@codemirror/lint";
import { Parser, Generator } from "sparqljs";
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, PointElement,
  ScatterController } from "chart.js";

import { ChoroplethController, GeoFeature, ColorScale, ProjectionScale } from "chartjs-chart-geo";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, PointElement, ScatterController,
  ChoroplethController, GeoFeature, ColorScale, ProjectionScale);

const KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "PREFIX", "BASE", "ORDER BY",
  "GROUP BY", "HAVING", "LIMIT", "OFFSET", "UNION", "MINUS", "VALUES", "BIND", "CONSTRUCT", "DESCRIBE",
  "ASK", "GRAPH", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "STR", "LANG",
  "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "CONTAINS", "STRSTARTS", "REGEX", "COALESCE", "IF", "NOT EXISTS",
  "EXISTS", "ASC", "DESC"];

// Where a parse error is: SPARQL.js (a jison parser) gives its location in `hash.loc`, else in the text.
export function errorPosition(error, doc) {
  const loc = error && error.hash && error.hash.loc;
  let line = loc ? loc.first_line : null;
  let column = loc ? loc.first_column : 0;
  if (!line) {
    const match = /line (\d+)/.exec(String(error && error.message));
    line = match ? parseInt(match[1], 10) : doc.lines;
  }
  line = Math.max(1, Math.min(line, doc.lines));
  const info = doc.line(line);
  const from = Math.min(info.from + column, info.to);
  return { line: line, from: from, to: Math.max(from + 1, info.to) > doc.length ? doc.length : Math.max(from + 1, info.to) };
}

// Check the query text: null when it parses, else {line, from, to, message}.
export function check(text, prefixes, doc) {
  try {
    new Parser({ prefixes: prefixes, skipValidation: false }).parse(text);
    return null;
  } catch (error) {
    const position = errorPosition(error, doc);
    return { ...position, message: String(error.message).split("\n")[0] };
  }
}

function completionSource(vocabulary) {
  // vocabulary: {prefixes: {p: ns}, terms: [{name: "pkg:Measure", kind, detail}], labels: [{label, iri, name}]}
  return (context) => {
    const prefixed = context.matchBefore(/[A-Za-z][\w-]*:[\w.-]*/);
    if (prefixed) {
      const options = vocabulary.terms
        .filter((t) => t.name.startsWith(prefixed.text.split(":")[0] + ":"))
        .map((t) => ({ label: t.name, type: t.kind === "class" ? "class" : t.kind === "property" ? "property" : "variable",
          detail: t.detail || "" }));
      return { from: prefixed.from, options: options, validFor: /^[\w:.-]*$/ };
    }
    const word = context.matchBefore(/[\wА-Яа-яЁё]+/);
    if (!word && !context.explicit) return null;
    const from = word ? word.from : context.pos;
    const before = context.state.sliceDoc(Math.max(0, from - 7), from).toUpperCase();
    if (/PREFIX\s*$/.test(before)) {
      return { from: from, options: Object.entries(vocabulary.prefixes).map(([p, ns]) =>
        ({ label: p + ": <" + ns + ">", type: "namespace", detail: "prefix" })) };
    }
    const options = KEYWORDS.map((k) => ({ label: k, type: "keyword" }))
      .concat(Object.entries(vocabulary.prefixes).map(([p, ns]) => ({ label: p + ":", type: "namespace", detail: ns })))
      .concat(vocabulary.labels.map((l) => ({ label: l.label, apply: l.name, type: "text", detail: l.name })));
    return { from: from, options: options, validFor: /^[\wА-Яа-яЁё]*$/ };
  };
}

// Make an editor in place of `textarea`, which stays the page's value (kept in step both ways).
export function createEditor(textarea, options) {
  const vocabulary = { prefixes: options.prefixes || {}, terms: [], labels: [] };
  let syncing = false;
  let serverError = null;  // {line, message} from the endpoint, shown until the next edit
  const sparqlLinter = linter((view) => {
    const doc = view.state.doc;
    const problem = check(doc.toString(), vocabulary.prefixes, doc);
    textarea.dataset.syntax = problem ? "error" : "ok";
    const found = problem ? [{ from: problem.from, to: problem.to, severity: "error", message: problem.message }] : [];
    if (serverError && serverError.line <= doc.lines) {
      const info = doc.line(serverError.line);
      found.push({ from: info.from, to: Math.max(info.from, info.to), severity: "error", message: serverError.message });
    }
    return found;
  }, { delay: 300 });
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
        StreamLanguage.define(sparql),
        autocompletion({ override: [completionSource(vocabulary)], activateOnTyping: true }),
        sparqlLinter,
        lintGutter(),
        keymap.of([{ key: "Mod-Enter", run: () => { options.onRun && options.onRun(); return true; } }]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) serverError = null;
          if (update.docChanged && !syncing) {
            textarea.value = update.state.doc.toString();
            options.onChange && options.onChange();
          }
        }),
        EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
        // The page's Content-Security-Policy allows the editor's own style elements by this nonce.
        options.nonce ? EditorView.cspNonce.of(options.nonce) : [],
      ],
    }),
  });
  textarea.hidden = true;
  textarea.addEventListener("input", () => {
    syncing = true;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: textarea.value } });
    syncing = false;
  });
  return {
    view: view,
    setValue(text) {
      textarea.value = text;
      syncing = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      syncing = false;
    },
    setVocabulary(more) {
      Object.assign(vocabulary.prefixes, more.prefixes || {});
      vocabulary.terms = more.terms || [];
      vocabulary.labels = more.labels || [];
    },
    markError(line, message) {
      // The endpoint's error at a line: a diagnostic there until the next edit.
      serverError = { line: Math.max(1, Math.min(line, view.state.doc.lines)), message: message };
      textarea.dataset.errorLine = String(serverError.line);
      forceLinting(view);
    },
  };
}

// One page of a SELECT query: its text with LIMIT/OFFSET set inside the query's own limit and offset,
// the header comments kept (they declare the catalogue's parameters). Null for other forms or text
// that does not parse (then the query runs whole).
export function pageQuery(text, prefixes, limit, offset) {
  let parsed;
  try {
    parsed = new Parser({ prefixes: prefixes }).parse(text);
  } catch (error) {
    return null;
  }
  if (parsed.type !== "query" || parsed.queryType !== "SELECT") return null;
  const ownOffset = parsed.offset || 0;
  const ownLimit = parsed.limit === undefined ? Infinity : parsed.limit;
  if (offset >= ownLimit) return { text: null, empty: true };
  parsed.offset = ownOffset + offset;
  parsed.limit = Math.min(limit, ownLimit - offset);
  const header = text.split("\n").filter((line, i, lines) => lines.slice(0, i + 1).every((l) => /^\s*(#|$)/.test(l)));
  return { text: header.join("\n") + (header.length ? "\n" : "") + new Generator({ allPrefixes: true }).stringify(parsed) };
}

// The number of rows of a SELECT query, as a query: SELECT (COUNT(*) …) over the query as a subquery,
// its own LIMIT and OFFSET kept, at most `cap` + 1 rows counted (so a runaway count stops there and
// the page says «more than cap»). The header comments stay (they declare the catalogue's parameters).
// Null for other forms or text that does not parse.
export function countQuery(text, prefixes, cap) {
  let parsed;
  try {
    parsed = new Parser({ prefixes: prefixes }).parse(text);
  } catch (error) {
    return null;
  }
  if (parsed.type !== "query" || parsed.queryType !== "SELECT") return null;
  const ownLimit = parsed.limit === undefined ? Infinity : parsed.limit;
  parsed.limit = Math.min(ownLimit, cap + 1);
  const declared = parsed.prefixes || {};
  const base = parsed.base;
  parsed.prefixes = {};
  delete parsed.base;
  const inner = new Generator({ prefixes: {} }).stringify(parsed);
  const prologue = (base ? `BASE <${base}>\n` : "")
    + Object.entries(declared).map(([p, iri]) => `PREFIX ${p}: <${iri}>\n`).join("");
  const header = text.split("\n").filter((line, i, lines) => lines.slice(0, i + 1).every((l) => /^\s*(#|$)/.test(l)));
  return header.join("\n") + (header.length ? "\n" : "") + prologue
    + "SELECT (COUNT(*) AS ?policykg_rows) WHERE {\n" + inner + "\n}";
}

export { Chart };
