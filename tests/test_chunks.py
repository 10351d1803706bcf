"""graph.chunks: per-graph chunks join into valid files; unused chunks are pruned after a while."""
from __future__ import annotations

import gzip
import hashlib
import os
import time

import pyoxigraph as ox

from graph import chunks

PREFIXES = {"ex": "http://example.org/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
EX = "http://example.org/"


def _triples(*rows):
    """(subject, predicate, object) names under EX; an object "ex:name" is an IRI, any other a literal."""
    return [ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p),
                      ox.NamedNode(EX + o[3:]) if o.startswith("ex:") else ox.Literal(o)) for s, p, o in rows]


def test_chunks_of_two_graphs_join_into_each_format(tmp_path):
    """The same subject in two graphs: every joined file reads back as the union (Oxigraph's parsers)."""
    heads = chunks.headers(PREFIXES)
    one = chunks.make(tmp_path, "a", EX + "g1", _triples(("s", "p", "x"), ("s", "q", "ex:o")), PREFIXES, heads)
    two = chunks.make(tmp_path, "b", EX + "g2", _triples(("s", "p", "y"), ("s", "q", "ex:o")), PREFIXES, heads)
    assert one.triples == 2 and one.counts["predicates"] == {EX + "p": [1, 1], EX + "q": [1, 0]}
    formats = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "rdf": ox.RdfFormat.RDF_XML,
               "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
    for extension, fmt in formats.items():
        path = tmp_path / f"union.{extension}"
        digest = chunks.join(path, [one.paths[extension], two.paths[extension]], *heads[extension])
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
        quads = set(ox.parse(path=str(path), format=fmt))
        assert {(q.subject, q.predicate, q.object) for q in quads} == {
            (q.subject, q.predicate, q.object) for q in ox.parse(
                b"".join(c.paths["nt"].read_bytes() for c in (one, two)), ox.RdfFormat.N_TRIPLES)}, extension
        if extension in ("nq", "trig"):
            assert {q.graph_name.value for q in quads} == {EX + "g1", EX + "g2"}
            assert len(quads) == 4  # <s> <q> <o> in both graphs
    lines = (tmp_path / "union.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and len(set(lines)) == 3  # the triple both graphs hold, twice: the same RDF graph


def test_unused_chunks_are_pruned_after_the_days_kept(tmp_path):
    heads = chunks.headers(PREFIXES)
    used = chunks.make(tmp_path, "used", EX + "g1", _triples(("s", "p", "x")), PREFIXES, heads)
    old = chunks.make(tmp_path, "old", EX + "g2", _triples(("s", "p", "y")), PREFIXES, heads)
    recent = chunks.make(tmp_path, "recent", EX + "g3", _triples(("s", "p", "z")), PREFIXES, heads)
    long_ago = time.time() - (chunks.KEEP_UNUSED_DAYS + 1) * 86400
    for path in [*old.paths.values(), tmp_path / "old.json", tmp_path / "old.stats.npz", *used.paths.values(),
                 tmp_path / "used.json", tmp_path / "used.stats.npz"]:
        os.utime(path, (long_ago, long_ago))
    assert chunks.prune(tmp_path, [used]) == len(chunks.CHUNK_FORMATS) + 2  # and its .json, .stats.npz
    assert chunks.load(tmp_path, "old", EX + "g2") is None
    assert chunks.load(tmp_path, "used", EX + "g1") is not None  # old, but used now: kept, and marked
    assert chunks.load(tmp_path, "recent", EX + "g3") is not None
    assert time.time() - (tmp_path / "used.nt").stat().st_mtime < 3600


def test_statistics_merged_from_chunks_are_the_store_counts_of_the_union(tmp_path):
    """Two graphs sharing a triple, a subject and an object, a blank-node subject and two classes: the
    merged hashes give what Oxigraph's DISTINCT counts over the union of the joined N-Quads give."""
    from graph.describe import store_statistics

    heads = chunks.headers(PREFIXES)
    typed = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    blank = ox.BlankNode("b1")
    one = chunks.make(tmp_path, "a", EX + "g1", _triples(("s", "p", "x"), ("s", "q", "ex:o"), ("t", "p", "x"))
                      + [ox.Triple(ox.NamedNode(EX + "s"), typed, ox.NamedNode(EX + "C"))], PREFIXES, heads)
    two = chunks.make(tmp_path, "b", EX + "g2", _triples(("s", "q", "ex:o"), ("u", "r", "ex:s"))
                      + [ox.Triple(blank, typed, ox.NamedNode(EX + "D")), ox.Triple(blank, ox.NamedNode(EX + "p"),
                                                                                   ox.Literal("x"))], PREFIXES, heads)
    merged = chunks.statistics([one, two])
    assert merged == {"triples": 7, "entities": 3, "distinctSubjects": 4, "distinctObjects": 5, "properties": 4,
                      "classes": 2}
    store = ox.Store()
    chunks.join(tmp_path / "union.nq", [one.paths["nq"], two.paths["nq"]])
    store.load(path=str(tmp_path / "union.nq"), format=ox.RdfFormat.N_QUADS)
    assert store_statistics(store) == merged
    assert chunks.used_terms([one, two]) == ([EX + "p", EX + "q", EX + "r", str(typed.value)], [EX + "C", EX + "D"])


def test_a_chunk_is_the_same_bytes_in_whichever_order_its_triples_come(tmp_path):
    """The order triples are made in can follow a process's hash seed (rdflib's sets): no format may show it."""
    heads = chunks.headers(PREFIXES)
    rows = [("s", "p", "x"), ("t", "q", "ex:o"), ("s", "q", "ex:s"), ("u", "p", "y"), ("s", "p", "z")]
    one = chunks.make(tmp_path / "one", "k", EX + "g", _triples(*rows), PREFIXES, heads)
    two = chunks.make(tmp_path / "two", "k", EX + "g", _triples(*reversed(rows + rows[:2])), PREFIXES, heads)
    assert one.triples == two.triples == 5 and one.counts == two.counts
    for extension in chunks.CHUNK_FORMATS:
        assert one.paths[extension].read_bytes() == two.paths[extension].read_bytes(), extension
    assert b"ex:s" in one.paths["ttl"].read_bytes()


def test_prune_scans_at_most_once_a_day_and_renews_only_old_times(tmp_path):
    heads = chunks.headers(PREFIXES)
    used = chunks.make(tmp_path, "used", EX + "g1", _triples(("s", "p", "x")), PREFIXES, heads)
    assert chunks.prune(tmp_path, [used]) == 0  # the first scan: nothing old yet
    old = chunks.make(tmp_path, "old", EX + "g2", _triples(("s", "p", "y")), PREFIXES, heads)
    long_ago = time.time() - (chunks.KEEP_UNUSED_DAYS + 1) * 86400
    for path in [*old.paths.values(), tmp_path / "old.json", tmp_path / "old.stats.npz"]:
        os.utime(path, (long_ago, long_ago))
    an_hour_ago = time.time() - 3600
    os.utime(used.paths["nt"], (an_hour_ago, an_hour_ago))
    assert chunks.prune(tmp_path, [used]) == 0  # scanned within the day: the old chunk waits
    assert chunks.load(tmp_path, "old", EX + "g2") is not None
    assert abs(used.paths["nt"].stat().st_mtime - an_hour_ago) < 1  # recent enough: not touched again
    a_day_ago = time.time() - chunks.RENEW_AFTER - 60
    os.utime(tmp_path / chunks.PRUNED, (a_day_ago, a_day_ago))
    assert chunks.prune(tmp_path, [used]) == len(chunks.CHUNK_FORMATS) + 2
    assert chunks.load(tmp_path, "old", EX + "g2") is None
    assert chunks.load(tmp_path, "used", EX + "g1") is not None


def test_chunks_count_the_primary_language_tags_of_their_labels_and_titles(tmp_path):
    """What the description's dct:language reads (graph/describe.py): labels, titles and preferred labels only."""
    heads = chunks.headers(PREFIXES)
    label, title = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.NamedNode("http://purl.org/dc/terms/title")
    s = ox.NamedNode(EX + "s")
    one = chunks.make(tmp_path, "a", EX + "g1", [
        ox.Triple(s, label, ox.Literal("x", language="en-GB")), ox.Triple(s, title, ox.Literal("y", language="RU")),
        ox.Triple(s, ox.NamedNode(EX + "comment"), ox.Literal("z", language="fr")),
        ox.Triple(s, label, ox.Literal("no tag"))], PREFIXES, heads)
    two = chunks.make(tmp_path, "b", EX + "g2", [
        ox.Triple(s, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("w", language="kk"))],
        PREFIXES, heads)
    assert one.counts["languages"] == ["en", "ru"]
    assert chunks.languages([one, two]) == ["en", "kk", "ru"]
    assert chunks.load(tmp_path, "a", EX + "g1").counts["languages"] == ["en", "ru"]  # kept in the chunk's json
    two.counts.pop("languages")
    assert chunks.languages([one, two]) is None  # a chunk that did not count them: the description scans


def _parts(folder, **texts):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_bytes(text.encode())
    return {name: folder / name for name in texts}


def test_a_join_copies_the_last_files_ranges_where_it_holds_the_same_parts_in_a_row(tmp_path):
    """One more part among the last build's: the file is the same bytes as joined from the parts, its
    checksum too, and the parts the last file held are copied from it (their files are gone: not opened)."""
    parts = _parts(tmp_path / "parts", a="<a> .\n", b="<b> <b> .\n", c="<c> <c> <c> .\n", x="<x> .\n")
    keyed = lambda part: part.parent == tmp_path / "parts"  # noqa: E731
    for join, suffix in ((chunks.join, ""), (chunks.join_gzip, ".gz")):
        last, now = tmp_path / f"last{suffix}", tmp_path / f"now{suffix}"
        last.mkdir()
        now.mkdir()
        layouts = chunks.Layouts()
        join(last / f"all.nt{suffix}", [parts[n] for n in "abc"], b"HEAD\n", b"FOOT\n", b"--\n", layouts=layouts,
             keyed=keyed)
        layouts.write(last / "layouts.json")
        expected = tmp_path / f"expected.nt{suffix}"
        digest = join(expected, [parts[n] for n in "axbc"], b"HEAD\n", b"FOOT\n", b"--\n")
        saved = {n: parts[n].read_bytes() for n in "abc"}
        for n in "abc":  # the parts the last file holds, and their gzip members
            parts[n].unlink()
            (tmp_path / "parts" / f"{n}.gz").unlink(missing_ok=True)
        layouts = chunks.Layouts(last, last / "layouts.json")
        assert join(now / f"all.nt{suffix}", [parts[n] for n in "axbc"], b"HEAD\n", b"FOOT\n", b"--\n",
                    layouts=layouts, keyed=keyed) == digest
        assert (now / f"all.nt{suffix}").read_bytes() == expected.read_bytes()
        text = (gzip.decompress if suffix else bytes)((now / f"all.nt{suffix}").read_bytes())
        assert text == b"HEAD\n<a> .\n--\n<x> .\n--\n<b> <b> .\n--\n<c> <c> <c> .\nFOOT\n"
        layout = layouts.made[f"all.nt{suffix}"]
        data = (now / f"all.nt{suffix}").read_bytes()
        members = {name: data[offset:offset + length] for name, offset, length in layout["members"]}
        assert [name for name, *_ in layout["members"]] == [f"{n}.gz" if suffix else n for n in "axbc"]
        assert (gzip.decompress if suffix else bytes)(members[f"x{'.gz' if suffix else ''}"]) == b"<x> .\n"
        for n, content in saved.items():
            parts[n].write_bytes(content)


def test_a_join_reads_every_part_when_the_last_file_is_not_as_its_layout_says(tmp_path):
    """A last file changed since its layout was recorded (same size, another time), or parts not named by
    their content: nothing is copied from it."""
    parts = _parts(tmp_path / "parts", a="<a> .\n", b="<b> .\n")
    keyed = lambda part: True  # noqa: E731
    last = tmp_path / "last"
    last.mkdir()
    layouts = chunks.Layouts()
    chunks.join(last / "all.nt", [parts["a"], parts["b"]], layouts=layouts, keyed=keyed)
    layouts.write(last / "layouts.json")
    recorded = (last / "all.nt").stat()
    (last / "all.nt").write_bytes(b"<z> .\n<y> .\n")  # the same size: its time tells
    os.utime(last / "all.nt", ns=(recorded.st_atime_ns, recorded.st_mtime_ns + 1000))
    assert chunks.join(tmp_path / "now.nt", [parts["a"], parts["b"]], layouts=chunks.Layouts(last, last / "layouts.json"),
                       keyed=keyed) == hashlib.sha256(b"<a> .\n<b> .\n").hexdigest()
    unnamed = chunks.Layouts()
    chunks.join(tmp_path / "plain.nt", [parts["a"], parts["b"]], layouts=unnamed)
    assert unnamed.made["plain.nt"]["members"] == [] and unnamed.write(tmp_path / "layouts.json") is None


def test_each_classes_first_iri_subject_over_the_chunks_is_the_stores_minimum(tmp_path):
    """The description's example resources from the chunks: per class, the least IRI subject by code point
    over every graph, as SPARQL's MIN(STR(?s)) over the union finds it (a blank node is no example)."""
    heads = chunks.headers(PREFIXES)
    typed = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def typing(*rows):
        return [ox.Triple(ox.BlankNode(s[2:]) if s.startswith("_:") else ox.NamedNode(EX + s), typed,
                          ox.NamedNode(EX + c)) for s, c in rows]

    one = chunks.make(tmp_path, "a", EX + "g1", typing(("plan/b", "C"), ("plan/10", "C"), ("_:x", "D")), PREFIXES,
                      heads)
    two = chunks.make(tmp_path, "b", EX + "g2", typing(("plan/9", "C"), ("plan/Z", "D"), ("plan/é", "D")), PREFIXES,
                      heads)
    assert chunks.examples([one, two]) == {EX + "C": EX + "plan/10", EX + "D": EX + "plan/Z"}
    store = ox.Store()
    chunks.join(tmp_path / "union.nq", [one.paths["nq"], two.paths["nq"]])
    store.load(path=str(tmp_path / "union.nq"), format=ox.RdfFormat.N_QUADS)
    for cls, first in chunks.examples([one, two]).items():
        rows = list(store.query(f"SELECT (MIN(STR(?s)) AS ?f) WHERE {{ ?s a <{cls}> FILTER(isIRI(?s)) }}",
                                use_default_graph_as_union=True))
        assert rows[0][0].value == first
    one.counts.pop("examples")  # a chunk kept by older code
    assert chunks.examples([one, two]) is None
