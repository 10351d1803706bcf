"""A roadmap of any size, made from the bundled roadmap's title block, header and rows (for size tests)."""
from __future__ import annotations

from pathlib import Path

from graph.paths import BUNDLED_SOURCES

ROADMAP = BUNDLED_SOURCES / "000_d466afb8a09bde20.txt"


def big_roadmap(size: int, path: Path) -> Path:
    """Write a roadmap of about `size` bytes: the bundled title block and header, then tasks of ten
    measures each whose cells are the bundled roadmap's measure rows, renumbered."""
    lines = ROADMAP.read_text(encoding="utf-8").splitlines()
    header = next(n for n, line in enumerate(lines) if line.startswith("№\t"))
    rows = [line.split("\t", 1)[1] for line in lines[header:] if line[:1].isdigit() and "\t" in line
            and "." in line.split("\t", 1)[0]]  # the sub-measure rows «N.M\t…»
    out, written, task, k = lines[: header + 1], 0, 0, 0
    while written < size:
        task += 1
        text = f"Задача {task}. Задача номер {task}\t\t\t"
        out.append(text)
        written += len(text.encode()) + 1
        for m in range(1, 11):
            text = f"{task * 10 + m}\t{rows[k % len(rows)]}"
            k += 1
            out.append(text)
            written += len(text.encode()) + 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path
