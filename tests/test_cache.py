"""The per-document cache key leaves out the write-only and read-only modules: true only if processing a document
never imports them."""
import json
import subprocess
import sys

from graph import cache

_PROBE = """
import json, sys
from graph.namespaces import DEFAULT_BASE
from graph.paths import BUNDLED_CURATION, bundled_documents
from graph.pipeline import process_document
from graph.sources import read_source
for path in bundled_documents():
    process_document(read_source(path), BUNDLED_CURATION, DEFAULT_BASE)
print(json.dumps(sorted(m.split(".", 1)[1] + ".py" for m in sys.modules if m.startswith("graph."))))
"""


def test_processing_a_document_imports_no_write_only_module():
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    imported = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "reasoning.py" in imported and "validation.py" in imported  # the probe did process the documents
    assert imported & (cache.WRITE_ONLY | cache.READ_ONLY) == set()
    assert not cache.WRITE_ONLY & cache.READ_ONLY


def test_write_only_modules_are_left_out_of_the_documents_version_only():
    assert cache.code_version(documents=True) != cache.code_version()
