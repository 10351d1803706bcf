"""Parts of the write step (graph/write.py) done ahead, in the build's own process, while worker processes
make the documents' builds (graph/pipeline.py): with few documents, the build's process would otherwise wait
for the longest document with nothing to do, and then spend half a second importing the write step's modules
(pyvis alone imports IPython and Jinja) and inferring from the reference data.

Nothing here changes what is written: the modules are imported the same way the write step would import
them, and the shared graphs go into the cache under the key the write step looks for (graph/write.py's
`_shared_graphs`, keyed by the code and the organisations the documents use). Whatever cannot be done here
(a module that fails to import, a read-only cache) is left to the write step, which does it again and
reports any error where the build reports its errors.
"""
from __future__ import annotations

import importlib

from .namespaces import Iris

# What the write step imports lazily (inside functions), listed by running a build and comparing sys.modules
# before and after graph/write.py's write_outputs. A module missing here is only imported later.
WRITE_STEP_MODULES = (
    "graph.write", "graph.exports", "graph.chunks", "graph.jsonld", "graph.describe", "graph.network_step",
    "rdflib.compare", "rdflib.plugins.serializers.jsonld", "rdflib.plugins.serializers.turtle",
    "rdflib.plugins.serializers.nt", "rdflib.plugins.parsers.notation3",
)
# The network part's (graph/network_step.py): not imported here when that part runs in a process of its own
NETWORK_MODULES = (
    "graph.fragments", "graph.triple_index", "graph.network", "graph.expansion", "graph.viz", "graph.analytics",
    "networkx", "networkx.algorithms.approximation", "pyvis.network", "PIL.Image", "PIL.ImageDraw", "PIL.ImageFont",
)


def import_write_step(network: bool = True) -> None:
    for name in WRITE_STEP_MODULES + (NETWORK_MODULES if network else ()):
        try:
            importlib.import_module(name)
        except ImportError:  # the write step imports it again and reports the error there
            pass


def shared_graphs(iris: Iris, records: list) -> None:
    """The reference data, ontology and their inferences for the organisations `records` use, into the cache."""
    from .write import _shared_graphs

    _shared_graphs(iris, [org for r in records for org in r.organisations])
