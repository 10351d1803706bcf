"""The ontology's documentation and the canonical layout of the hand-written Turtle files.

- `write_ontology_docs(ontology_path, out_html_path)` writes an HTML page for
  the ontology with pyLODE's OntPub profile. It works offline: pyLODE reads
  only the file and the background vocabularies it ships.
- `format_turtle(text)` puts a Turtle file with banner comments into a
  canonical form and keeps the banners. Within each section (the statements
  between two banners), subjects are ordered by kind (ontology, classes,
  concept schemes, concepts, object properties, datatype properties, shapes)
  and then by IRI, and rdflib's `longturtle` serializer writes each of them
  (predicates sorted, one layout). The prefixes used are declared once at
  the top. The comments at the top of the file and the banners are kept as
  written. A formatted file formats to itself; the tests check this for the
  ontology and the shapes. A comment must stand between statements.

    python -m graph.docs format ontology/policykg.ttl ontology/shapes.ttl
    python -m graph.docs html ontology/policykg.ttl build/ontology.html
"""
from __future__ import annotations

import logging
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from .namespaces import ONTOLOGY_IRI

_TERMS = ONTOLOGY_IRI + "#"
_PREFIX = re.compile(r"^\s*(?:@prefix\s+([\w.-]*):\s*<([^>]*)>\s*\.|PREFIX\s+([\w.-]*):\s*<([^>]*)>)\s*$", re.I)


def write_ontology_docs(ontology_path: str | Path, out_html_path: str | Path) -> Path:
    """Write the ontology's HTML documentation (pyLODE OntPub, CSS inlined); returns the path written.

    pyLODE documents the `documentation_graph` of the ontology; the page's
    anchors are the terms' local names (…/ontology.html#GrantItem).
    """
    ontology = Graph().parse(str(ontology_path), format="turtle")
    with _quiet_root_logger() as settle:
        # pyLODE, imported here since only documentation needs it, calls logging.basicConfig(level=DEBUG)
        # on import (pylode/profiles/supermodel/loader.py) and logs to the root logger as it works.
        from pylode import OntPub

        settle()
        publication = OntPub(ontology=documentation_graph(ontology), sort_subjects=True)
        for term in set(publication.ont.subjects()):
            if isinstance(term, URIRef) and str(term).startswith(_TERMS):
                publication.fids[str(term)] = str(term)[len(_TERMS):]
        html = publication.make_html()
    out = Path(out_html_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


@contextmanager
def _quiet_root_logger():
    """Run pyLODE without its logging; yields `settle`, which drops root handlers added since (call it
    after importing pyLODE). The root logger's handlers and level are as before afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    def settle() -> None:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(logging.WARNING)

    settle()
    try:
        yield settle
    finally:
        settle()
        root.setLevel(level)


def documentation_graph(ontology: Graph) -> Graph:
    """What pyLODE should show of the ontology.

    - only the ontology's own terms and header: the reused terms it declares
      (prov:Plan, org:OrganizationalUnit, …) are linked, not documented again;
    - one title per term, «English · Русский» (pyLODE would run several titles together);
    - the concepts of pkg:Roles and pkg:DeadlineKinds (pyLODE's OntPub shows no
      individuals) listed in a note on their class, pkg:Role and pkg:DeadlineKind;
      the schemes lose their skos:ConceptScheme type, which OntPub takes for the
      ontology's own metadata.
    """
    ontology_iri = URIRef(ONTOLOGY_IRI)
    doc = Graph(bind_namespaces="none")
    for prefix, namespace in ontology.namespaces():
        doc.bind(prefix, namespace, override=True)
    own = [s for s in set(ontology.subjects()) if s == ontology_iri or str(s).startswith(_TERMS)]
    for subject in own:
        for p, o in ontology.predicate_objects(subject):
            if p in (RDFS.label, SKOS.prefLabel, DCTERMS.title) or (p, o) == (RDF.type, SKOS.ConceptScheme):
                continue
            doc.add((subject, p, o))
        labels = ontology.objects(subject, DCTERMS.title if subject == ontology_iri else RDFS.label)
        by_language = {label.language: str(label) for label in labels if isinstance(label, Literal)}
        title = " · ".join(dict.fromkeys(v for k, v in sorted(by_language.items(), key=lambda kv: kv[0] != "en")))
        if title:
            doc.add((subject, DCTERMS.title, Literal(title)))
    for scheme in ontology.subjects(RDF.type, SKOS.ConceptScheme):
        members = sorted(ontology.subjects(SKOS.inScheme, scheme))
        classes = {c for m in members for c in ontology.objects(m, RDF.type) if str(c).startswith(_TERMS)}
        lines = [f"Concepts of the scheme `{_local(scheme)}` ({_label(ontology, scheme, 'en')}):", ""]
        for member in members:
            lines.append(f"- `{_local(member)}` ({_notation(ontology, member)}): {_label(ontology, member, 'en')} "
                         f"· {_label(ontology, member, 'ru')} — {_definition(ontology, member)}")
        for cls in classes:
            doc.add((cls, SKOS.scopeNote, Literal("\n".join(lines))))
    return doc


def _local(term) -> str:
    return "pkg:" + str(term)[len(_TERMS):]


def _label(graph: Graph, term, language: str) -> str:
    return next((str(v) for v in graph.objects(term, RDFS.label) if getattr(v, "language", None) == language), "")


def _notation(graph: Graph, term) -> str:
    return str(graph.value(term, SKOS.notation) or "")


def _definition(graph: Graph, term) -> str:
    return next((str(v) for v in graph.objects(term, SKOS.definition) if getattr(v, "language", None) == "en"), "")


# --------------------------------------------------------------------------- canonical Turtle


def format_turtle(text: str) -> str:
    """The same statements, banners and top comments, in canonical layout (see the module docstring)."""
    lines = text.splitlines()
    if any(re.match(r"^\s*(@base|BASE)\b", line) for line in lines):
        raise ValueError("format_turtle: a file with a base IRI is not supported; write full IRIs or prefixes")
    i = 0
    intro: list[str] = []
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        intro.append(lines[i].rstrip())
        i += 1
    namespaces: dict[str, str] = {}
    while i < len(lines) and (_PREFIX.match(lines[i]) or not lines[i].strip()):
        match = _PREFIX.match(lines[i])
        if match:
            prefix, iri = (match.group(1), match.group(2)) if match.group(2) is not None else (match.group(3), match.group(4))
            namespaces[prefix] = iri
        i += 1

    sections: list[tuple[list[str], list[str]]] = []  # (banner lines, statement lines)
    banner: list[str] = []
    body: list[str] = []
    for line in lines[i:]:
        if line.startswith("#"):
            if any(b.strip() for b in body):
                sections.append((banner, body))
                banner, body = [], []
            banner.append(line.rstrip())
        else:
            body.append(line)
    sections.append((banner, body))

    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in namespaces.items())
    used: dict[str, str] = {}
    parts: list[str] = []
    for banner, body in sections:
        statements = _section_turtle(header + "\n".join(body), namespaces, used)
        chunk = "\n".join(banner)
        if statements:
            chunk = (chunk + "\n\n" if chunk else "") + statements
        if chunk:
            parts.append(chunk)

    intro_text = "\n".join(intro).strip("\n")
    prefixes = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in sorted(used.items()))
    return "\n\n".join(part for part in [intro_text, prefixes, *parts] if part) + "\n"


# Order of subjects within a section: by kind, then by IRI.
_RANKS = [OWL.Ontology, OWL.Class, SKOS.ConceptScheme, SKOS.Concept, OWL.ObjectProperty, OWL.DatatypeProperty,
          SH.NodeShape, SH.PropertyShape]


def _rank(graph: Graph, subject) -> tuple[int, str]:
    types = set(graph.objects(subject, RDF.type))
    kinds = [i for i, kind in enumerate(_RANKS) if kind in types]
    rank = min(kinds) if kinds else len(_RANKS)
    if rank == _RANKS.index(SH.PropertyShape):
        rank = _RANKS.index(SH.NodeShape)  # shapes of either kind in the order of their ids
    return rank, str(subject).lower()


def _closure(graph: Graph, subject, into: Graph) -> None:
    """The subject's triples and, recursively, those of the blank nodes it refers to."""
    for s, p, o in graph.triples((subject, None, None)):
        if (s, p, o) in into:
            continue
        into.add((s, p, o))
        if isinstance(o, BNode):
            _closure(graph, o, into)


def _section_turtle(text: str, namespaces: dict[str, str], used: dict[str, str]) -> str:
    """One section's statements, subject by subject as longturtle writes them, without PREFIX lines
    (the prefixes they use are collected in `used`)."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in namespaces.items():
        graph.bind(prefix, iri, override=True)
    graph.parse(data=text, format="turtle")
    referenced = {o for o in graph.objects() if isinstance(o, BNode)}
    roots = [s for s in set(graph.subjects()) if not (isinstance(s, BNode) and s in referenced)]
    covered: set = set()
    chunks = []
    for subject in sorted(roots, key=lambda s: _rank(graph, s)):
        one = Graph(bind_namespaces="none")
        for prefix, iri in namespaces.items():
            one.bind(prefix, iri, override=True)
        _closure(graph, subject, one)
        covered.update(one)
        kept = []
        for line in one.serialize(format="longturtle").splitlines():
            match = _PREFIX.match(line)
            if match:
                used[match.group(3)] = match.group(4)
            else:
                kept.append(line.rstrip())
        chunks.append("\n".join(kept).strip("\n"))
    if len(covered) != len(graph):
        raise ValueError("a blank node is shared between subjects or refers to itself: write it with an IRI")
    return "\n\n".join(chunks)


def format_file(path: str | Path) -> bool:
    """Rewrite `path` in canonical form; True when it changed."""
    path = Path(path)
    before = path.read_text(encoding="utf-8")
    after = format_turtle(before)
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) >= 2 and args[0] == "format":
        for name in args[1:]:
            print(f"{name}: {'formatted' if format_file(name) else 'unchanged'}")
        return 0
    if len(args) == 3 and args[0] == "html":
        print(write_ontology_docs(args[1], args[2]))
        return 0
    print("usage: python -m graph.docs format FILE.ttl ... | html ONTOLOGY.ttl OUT.html", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
