"""Synthetic documents for the scale benchmark, made from the bundled and test documents.

`generate(n, folder)` writes n documents (and the curation files they need) into `folder/sources`
and `folder/curation`. Each is one of four templates — the bundled roadmap (2020) and grant plan
(2022), the test roadmap (2021) and grant plan (2023) — so the documents keep every form the
real ones have: the deadline forms, executor cells with «по согласованию» and «свод и контроль»,
rows a page break split, regional breakdowns with their sums, glossaries. What varies:

- the issuer: a roadmap is approved by the minister of one of the Kazakh ministries of the
  registry (graph/data/organisations.tsv), a grant plan is issued by the Kyrgyz ministry or, when
  its years run out, by a ministry the registry does not know (the plan id then comes from the file
  name, as for a real plan of an unknown issuer);
- the year: every year in the text moves by a multiple of four (leap days stay valid), so the
  deadlines, the plan's date and its title move together;
- hence the plan IRI, which is made of country, issuer and year: no two documents share one.

A grant plan made from the bundled one gets a copy of its curation file, pinned to the new text's
SHA-256 (the line numbers do not change). The same (n, seed) always gives the same files.

    python bench/generate.py 100 /tmp/corpus
"""
from __future__ import annotations

import csv
import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = [  # (file, layout, year, curation)
    (ROOT / "data/sources/000_d466afb8a09bde20.txt", "roadmap", 2020, None),
    (ROOT / "data/sources/004_9c6dcb8432dd657d.txt", "grant-plan", 2022, ROOT / "data/curation/004_9c6dcb8432dd657d.toml"),
    (ROOT / "tests/data/roadmap_kz_mz_2021.txt", "roadmap", 2021, None),
    (ROOT / "tests/data/grantplan_kg_2023.txt", "grant-plan", 2023, None),
]
YEARS = range(-60, 72, 4)  # shifts: 1960–2091 for the 2020 template
_ROADMAP_POSITION = re.compile(r"(УТВЕРЖДАЮ\s*\n)(.*?)(\n\s*\n\\_)", re.S)
_GRANT_ISSUER = re.compile(r"(к (?:распоряжению|приказу) )(Министерства\s.*?)(\nот )", re.S)
_YEAR = re.compile(r"(?<!\d)(19|20)(\d\d)(?!\d)")


def kazakh_ministries() -> list[str]:
    """Names of the registry's Kazakh ministries, as a minister's position («Министр …»)."""
    with (ROOT / "graph/data/organisations.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["country"] == "KZ" and r["kind"] == "ministry"]
    return [re.sub(r"^Министерство\b", "Министр", r["name_ru"]) for r in rows]


def _shift_years(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)


def _roadmap(text: str, position: str) -> str:
    words = position.split()
    lines = "  \n".join([" ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:])])
    return _ROADMAP_POSITION.sub(lambda m: m.group(1) + lines + m.group(3), text, count=1)


def _grant(text: str, issuer: str | None) -> str:
    """The issuer's name over as many lines as the template's, so the curation's line numbers still hold."""
    if issuer is None:
        return text

    def replace(match: re.Match) -> str:
        words, lines = issuer.split(), match.group(2).count("\n") + 1
        per_line = -(-len(words) // lines)
        return match.group(1) + "\n".join(" ".join(words[k * per_line:(k + 1) * per_line])
                                           for k in range(lines)) + match.group(3)

    return _GRANT_ISSUER.sub(replace, text, count=1)


def plans(n: int, seed: int = 0) -> list[dict]:
    """What each of the n documents will be: template, issuer text and year shift; no (issuer, year) twice."""
    rng = random.Random(seed)
    ministries = kazakh_ministries()
    roadmap_slots = [(t, m, s) for t in (0, 2) for m in ministries for s in YEARS]
    grant_slots = [(t, None, s) for t in (1, 3) for s in YEARS]
    rng.shuffle(roadmap_slots)
    rng.shuffle(grant_slots)
    chosen = []
    for i in range(n):
        if i % 4 in (1, 3):  # a grant plan; past the known issuer's years, an unknown ministry
            if grant_slots:
                template, issuer, shift = grant_slots.pop()
            else:
                template, shift = rng.choice((1, 3)), rng.choice(list(YEARS))
                issuer = f"Министерства регионального развития № {i} Кыргызской Республики"
        else:
            template, issuer, shift = roadmap_slots.pop()
        chosen.append({"index": i, "template": template, "issuer": issuer, "shift": shift})
    return chosen


def generate(n: int, folder: Path | str, *, seed: int = 0) -> list[Path]:
    """Write n documents into folder/sources (curation into folder/curation); return their paths."""
    folder = Path(folder)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "curation").mkdir(parents=True, exist_ok=True)
    written = []
    for plan in plans(n, seed):
        path, layout, _, curation = TEMPLATES[plan["template"]]
        text = _shift_years(path.read_text(encoding="utf-8"), plan["shift"])
        text = _roadmap(text, plan["issuer"]) if layout == "roadmap" else _grant(text, plan["issuer"])
        data = text.encode("utf-8")
        doc_id = f"{plan['index']:05d}_{layout}"
        target = folder / "sources" / f"{doc_id}.txt"
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        if curation is not None:
            original = curation.read_text(encoding="utf-8")
            copied = re.sub(r'^document = ".*"$', f'document = "{doc_id}"', original, count=1, flags=re.M)
            copied = re.sub(r'^sha256 = ".*"$', f'sha256 = "{hashlib.sha256(data).hexdigest()}"', copied,
                            count=1, flags=re.M)
            copied = _shift_years_in_reasons(copied, plan["shift"])
            (folder / "curation" / f"{doc_id}.toml").write_text(copied, encoding="utf-8")
        written.append(target)
    return written


def _shift_years_in_reasons(toml: str, shift: int) -> str:
    """The curation's reasons name the plan's year in prose; `reviewed_on` keeps its date."""
    head, sep, rest = toml.partition("[[")
    return head + sep + _shift_years(rest, shift)


if __name__ == "__main__":
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    paths = generate(count, out)
    print(f"{len(paths)} documents in {out}/sources, curation in {out}/curation")
