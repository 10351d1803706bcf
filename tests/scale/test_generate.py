"""The synthetic corpus keeps the templates' line numbers, so the copied curation files still apply."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from generate import TEMPLATES, generate, plans  # noqa: E402

from graph.pipeline import read_documents  # noqa: E402


def test_a_grant_plan_of_an_unknown_ministry_keeps_the_template_lines_and_its_curation(tmp_path):
    unknown = next(p for p in plans(200) if p["issuer"] and "регионального развития" in p["issuer"])
    paths = generate(unknown["index"] + 1, tmp_path)
    text = paths[unknown["index"]].read_text(encoding="utf-8")
    template = TEMPLATES[unknown["template"]][0].read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(template.splitlines())
    assert f"№ {unknown['index']} Кыргызской" in text  # the issuer's name, broken over the template's lines
    (records,), _ = read_documents([paths[unknown["index"]]], curation_dir=tmp_path / "curation")
    assert records.plan.layout == "grant-plan"
