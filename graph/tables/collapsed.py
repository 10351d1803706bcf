"""Rebuild a pseudographic table whose spacing was collapsed (every run of spaces squeezed to one).

In such a table each printed line holds a fragment of every column, in column order, separated by
single spaces; the column rules of body lines are gone. `rebuild` turns the lines back into rows of
cells by segmentation: each line is cut into k contiguous (possibly empty) fragments, one per column,
choosing the cuts that best fit what is known of the genre:

- a fragment ending in a break hyphen («укреп-») continues in the same column on the next line, with
  a lower-case start; a break hyphen inside a fragment is unlikely;
- a cell's first fragment usually starts with a capital (or a digit or a quote); continuations
  usually do not;
- the original columns had fixed widths: a column's fragments are at most its width, and a typist
  filled each line, so the next line's first word did not fit on the previous one;
- columns have types by their header (deadline, cost, funding, executors, form of completion):
  word classes from `graph/data/collapsed_cues.tsv` (also words that usually end a cell, «… бюджет»);
- a cell is printed on consecutive lines: a column that fell silent rarely speaks again, and a line
  ending in a comma or a preposition goes on in its column;
- the table's own text: the halves of a broken word make a word printed whole elsewhere; two words
  that stand side by side on some line belong together across a line break too;
- in later passes, what the previous pass found elsewhere in the table (never in the row itself,
  which must not vote for its own reading): the words each column held, word pairs that ran on from
  one line to the next, word pairs kept in one fragment or cut apart.

The decoder is a beam search over the lines of a row (dynamic programming over the cut points of
each line, the k best cuts per hypothesis). The first pass takes its widths from the table's widest
line shared out by the usual proportions of the column kinds, raised to what unambiguous first lines
show (one capitalised word per column); later passes vote the widths from the previous pass's
fragments (each fragment fits; the next line's first word would have overflowed).

Rows: a measure row starts at a line that begins with a measure number («1.», «2.3.», «3.10.» —
also glued to the text, «3.10.Предоставление»); a markdown heading (`## 1. …`) is a group row.
**Number representation:** when the header has a number column («N п/п»), the number is that
column's cell. When it has none, the number stays at the start of the first column's text («1.
Создать ко-…») — the layout layer reads measure numbers from the first cell's start. No extra
column is added, so `Table.width == len(header)`.

Doubt is never hidden. For each line and boundary the reader weighs the chosen cut against its
rivals (the line's cut plus the best next line after it). Where a rival scores within UNDECIDED and
would move more than a short word across the boundary, the row's cells of those columns are kept
as one cell spanning them, with a `note` naming the columns and the line; a cut that won by less
than GUESS is kept with a `note` saying it was a guess (on the real plans and the synthetic tables
of the tests, cells without a note are right about 19 times in 20). Ditto marks («-/-», «-"-»,
«__») and bare dashes are kept as printed.

Limits: rows are found by their printed numbers; a table whose measures are unnumbered is read as
one row per run of unnumbered lines. Lines after a closing rule, a quote block or an italic line
are handed back untaken.

Run `python -m graph.tables.collapsed FILE [EXPECTED.json]` to print a file's rebuilt table (and,
with a hand reading, the share of cells that match it).
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from graph.tables._collapsed_cues import column_kinds, shape, word_classes
from graph.tables.model import Cell, Position, Row, Table

PASSES = 3         # decodings after the first, each with widths and statistics from the one before
BEAM = 6           # row hypotheses kept from line to line
KBEST = 4          # cuts of a line tried per hypothesis
UNDECIDED = 0.25   # a cut that wins by less than this: the two columns are kept as one cell
UNDECIDED_TEXT = 5  # … and would move more than a short word (a preposition's place is a guess, not a span)
MARGIN_CUTS = 12   # rival cuts of a line weighed when measuring a boundary's margin
GUESS = 2.0        # a cut that wins by less than this: kept, with a note that it was a guess

# Scores of the segmentation cues (log-odds-like points; tuned on synthetic and real tables).
WEIGHTS = {
    "broken_then_empty": 8.0,   # a word broken at a line's end, and nothing follows in that column
    "dash_then_empty": 3.0,     # «2003-» or «2003г.-», and nothing follows
    "open_then_empty": 1.5,     # a line ends in a comma or a preposition, and nothing follows
    "empty_first_line": 1.5,    # a column empty on a row's first line
    "title_unfinished": 1.5,    # the title column falls silent before its sentence ends
    "lower_bound_slack": 1.3,   # a first-line width is a lower bound: the column may be this much wider
    "over_width": 2.0,          # per character beyond the column's width
    "unfilled": 1.5,            # the next line's first word would have fitted on this one
    "unfilled_slack": 0.5,      # … per character to spare
    "unfilled_max": 4.0,
    "ditto_not_alone": 2.0,
    "sentence_inside": 2.0,     # a sentence's end inside a fragment, continued in lower case
    "break_inside": 4.0,        # a broken word inside a fragment
    "broken_then_lower": 2.0,
    "broken_then_upper": 3.0,
    "dash_then_go_on": 1.0,
    "start_upper": 1.0,         # a cell's first word starts with a capital, a digit or a quote
    "start_lower": 1.0,
    "late_start": 2.5,          # a cell that starts after a row's first line
    "reopen": 8.0,              # a column that fell silent has text again
    "number_alone": 4.0,        # a measure's number with nothing after it in the first column
    "rejoined_word": 2.0,       # «здравоохране-» + «ния» is a word printed elsewhere in the table
    "function_word_after_break": 2.0,  # «Аналити-» + «по»: a preposition does not finish a broken word
    "known_phrase": 2.0,        # a line's last word and the next line's first stand together elsewhere
    "known_flow": 1.0,          # … or ran on from one line to the next in other rows
    "after_closing": 3.0,       # text after a word that usually ends its cell («… бюджет»)
    "bond": 1.0,                # a word pair kept together (or cut apart) in other rows
    "untyped_word": 0.5,        # a word of no class in a deadline, cost or funding column
    "class_match": 1.0,         # × the cue's weight: a word of the column's class
    "class_other": 1.0,         # × the cue's weight: a word of another column's class
    "learned": 0.6,             # × log-lift of the word's shape in this column (previous pass)
}

_SENTENCE_END = re.compile(r"[а-яёa-z»\")]{3,}[.!?]$", re.I)
_TYPED = {"deadline", "cost", "funding", "number"}
# Russian prepositions and conjunctions: whole words, never the end of a broken one.
_FUNCTION_WORDS = frozenset("в во и с со к ко о об от до по на за из при для без под над или а но".split())
# A line that ends so, ends mid-phrase: its column goes on.
_OPEN_END = re.compile(r"[,:]$|(^|\s)(" + "|".join(sorted(_FUNCTION_WORDS)) + r")$", re.I)


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    return word.strip("\"'«»()[],;:.!?").lower().replace("ё", "е")


_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*\.?)(?=\s|[А-ЯЁA-Z«\"(]|$)")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*[!|¦│]?\s*[-_=─━]{5,}\s*[!|¦│]?\s*$")
_END = re.compile(r"^\s*(>|\*[^*\s])")  # a quote block or an italic line: a note or signature after the table
# A word glued to the next column's first word: «3.10.Предоставление», «инвалидов;Приказ».
_GLUE = re.compile(r"(?<=[.;,)])(?=[А-ЯЁA-Z«\"])")
_BREAK = re.compile(r"[a-zа-яё]-$", re.I)      # «укреп-»: a word broken at the line end
_DASH_END = re.compile(r"[\d.]-$")             # «2003-», «2003 г.-»: a span or a yearly amount goes on
_DITTO = re.compile(r"-/-|-\"-|-«-|_{2,}|\"|»|〃")  # «the same as above»
_ALONE = re.compile(r"-/-|-\"-|-«-|_{2,}|\"|»|〃|[-–—]")  # ditto marks and a bare dash («nothing») fill a cell alone


@dataclass(frozen=True)
class _Token:
    text: str
    glued: bool = False  # printed without a space before it


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for word in text.split():
        for i, part in enumerate(p for p in _GLUE.split(word) if p):
            out.append(_Token(part, glued=i > 0))
    return out


def _join(tokens: list[_Token]) -> str:
    return "".join(("" if (i == 0 or t.glued) else " ") + t.text for i, t in enumerate(tokens))


def _starts_upper(text: str) -> bool:
    ch = text.lstrip("\"'«(„“")[:1]
    return bool(ch) and (ch.isupper() or ch.isdigit())


def _starts_lower(text: str) -> bool:
    ch = text.lstrip("\"'«(„“")[:1]
    return bool(ch) and ch.islower()


# A column's state between two lines of a row: did it hold text, what its last line said
# (None: the last line left it empty), how that line ended (0 plainly, 1 a break hyphen, 2 a dash,
# 3 open: a comma, a colon or a preposition, so the phrase goes on).
_State = tuple[bool, str | None, int]
_FRESH: _State = (False, None, 0)


def _after(state: _State, text: str) -> _State:
    if not text:
        return (state[0], None, 0)
    end = 1 if _BREAK.search(text) else 2 if _DASH_END.search(text) else 3 if _OPEN_END.search(text) else 0
    return (True, text, end)


@dataclass
class _Model:
    kinds: list[str]
    widths: list[int] | None = None
    stats: list[Counter] | None = None      # shape counts per column, from the previous pass
    totals: Counter | None = None
    share: list[float] | None = None
    exact: bool = True   # widths measured (a pass's vote), not lower bounds (first lines)
    words: Counter | None = None     # the table's words (folded), to rejoin broken words
    phrases: Counter | None = None   # word pairs printed side by side on one line
    flows: Counter | None = None     # word pairs that ran on from one line to the next in a column (previous pass)
    bonds: Counter | None = None     # word pairs: + kept in one fragment, − cut apart (previous pass)
    # Each row's own part of `stats`, `flows` and `bonds`, left out while that row is decoded again: a row's
    # earlier reading must not vote for itself. `current` is the row being decoded.
    own: list[tuple[list[Counter], Counter, Counter]] | None = None
    current: int | None = None

    def _own(self) -> tuple[list[Counter], Counter, Counter] | None:
        return self.own[self.current] if self.own is not None and self.current is not None else None

    def token_score(self, c: int, token: str) -> float:
        """What the token's word classes and the column's earlier contents say about it being in column c."""
        key = (self.current, c, token)
        cache = self.__dict__.setdefault("_token_cache", {})
        if key not in cache:
            cache[key] = self._token_score(c, token)
        return cache[key]

    def _token_score(self, c: int, token: str) -> float:
        kind = self.kinds[c]
        classes = word_classes(token)
        score = 0.0
        for cls, weight in classes.items():
            if cls == kind:
                score += WEIGHTS["class_match"] * weight
            elif cls in self.kinds and kind not in classes:
                score -= WEIGHTS["class_other"] * weight
        if self.stats is not None:
            key = shape(token)
            own = self._own()
            n = self.totals[key] - (sum(o[key] for o in own[0]) if own else 0)
            if n > 0:
                p = self.share[c]
                lift = (self.stats[c][key] - (own[0][c][key] if own else 0) + 2 * p) / (n + 2) / p
                score += WEIGHTS["learned"] * max(-2.0, min(2.0, math.log(lift)))
        return score

    def fragment(self, c: int, toks: list[_Token], state: _State, first: bool, numbered: bool) -> float:
        """How well `toks` fit as column c's fragment on a line, given the column's state."""
        w = WEIGHTS
        kind = self.kinds[c]
        had, last, end = state
        if kind == "number":
            if first and numbered:
                return 0.0 if len(toks) == 1 else -1e6
            return 0.0 if not toks else -1e6
        if c == 0 and first and numbered and not toks:
            return -1e6  # the printed number starts the first column
        if c == 0 and first and numbered and len(toks) == 1:
            return -w["number_alone"]  # a measure's number is followed by its title
        if not toks:
            score = 0.0
            if end == 1:
                score -= w["broken_then_empty"]
            elif end == 2:
                score -= w["dash_then_empty"]
            elif end == 3:
                score -= w["open_then_empty"]
            if first:
                score -= w["empty_first_line"]
            if kind == "title" and had and last is not None and not last.rstrip().endswith((".", ";", ":", ")")):
                score -= w["title_unfinished"]  # a title usually ends its sentence before its column falls silent
            return score
        body = toks[1:] if (c == 0 and first and numbered) else toks
        text = _join(toks)
        score = 0.0
        if self.widths is not None and self.widths[c]:
            limit = self.widths[c] if self.exact else self.widths[c] * WEIGHTS["lower_bound_slack"]
            over = len(text) - limit
            if over > 0:
                score -= w["over_width"] * over
            if self.exact and last is not None and end in (0, 3) and body:
                # the typist filled each line: had the next word fitted, it would be on the line above
                slack = self.widths[c] - (len(last) + 1 + len(body[0].text))
                if slack >= 0:
                    score -= min(w["unfilled_max"], w["unfilled"] + w["unfilled_slack"] * slack)
        if len(toks) > 1 and any(_ALONE.fullmatch(t.text) and (i == 0 or i == len(toks) - 1)
                                 for i, t in enumerate(toks)):
            score -= w["ditto_not_alone"]  # a ditto mark stands alone in its cell
        if self.bonds is not None and len(toks) > 1:
            own = self._own()
            for t, nxt in zip(toks, toks[1:]):
                pair = (_fold(t.text), _fold(nxt.text))
                bond = self.bonds[pair] - (own[2][pair] if own else 0)
                if bond >= 2:
                    score += w["bond"]  # the pair stays together elsewhere in the table
                elif bond <= -2:
                    score -= w["bond"]  # the pair is cut apart elsewhere
        for t, nxt in zip(toks, toks[1:]):
            if _BREAK.search(t.text):
                score -= w["break_inside"]
            elif _SENTENCE_END.search(t.text) and _starts_lower(nxt.text):
                score -= w["sentence_inside"]  # «городу. области.»: a sentence ends, a lower-case word follows
        if body:
            head = body[0].text
            if last is not None and self.words is not None:
                tail = last.split()[-1]
                if end == 1:
                    # a broken word whose halves make a word printed whole elsewhere in the table
                    if self.words[_fold(tail[:-1] + head)]:
                        score += w["rejoined_word"]
                    elif _fold(head) in _FUNCTION_WORDS:
                        score -= w["function_word_after_break"]
                elif end in (0, 3):
                    pair = (_fold(tail), _fold(head))
                    if self.phrases[pair]:
                        score += w["known_phrase"]  # the two words stand side by side on some line
                    own = self._own()
                    if self.flows is not None and self.flows[pair] - (own[1][pair] if own else 0) >= 2:
                        score += w["known_flow"]  # other rows ran on from the one to the other
            if last is not None and "closes" in word_classes(last.split()[-1]):
                score -= w["after_closing"]
            if end == 1:
                score += w["broken_then_lower"] if _starts_lower(head) else -w["broken_then_upper"]
            elif end == 2:
                score += w["dash_then_go_on"] if head[:1].isdigit() or _starts_lower(head) else -w["dash_then_go_on"]
            elif not had:
                score += w["start_upper"] if _starts_upper(head) else -w["start_lower"]
                if not first:
                    score -= w["late_start"]  # cells start on a row's first line
            elif last is None:
                score -= w["reopen"]  # a cell is printed on consecutive lines: a silent column rarely speaks again
            for t in body:
                score += self.token_score(c, t.text)
                if kind in _TYPED and not word_classes(t.text) and t.text[:1].isalpha():
                    score -= w["untyped_word"]
        return score


def _kbest_cuts(model: _Model, toks: list[_Token], states: tuple[_State, ...], first: bool,
                numbered: bool, k: int, cache: dict) -> list[tuple[float, tuple[int, ...]]]:
    """The k best ways to cut a line's tokens into len(states) fragments: (score, cut points)."""
    n, width = len(toks), len(states)
    ends = [0]
    for t in toks:
        ends.append(ends[-1] + len(t.text) + 1)
    # fragments far wider than their column cannot win: skip them unscored (one word always fits)
    limits = [math.inf if not (model.widths and model.widths[c]) else
              model.widths[c] * (1.5 if model.exact else 2.5) + 6 for c in range(width)]

    def fs(c: int, i: int, j: int) -> float:
        if j - i > 1 and ends[j] - ends[i] - 1 > limits[c]:
            return -1e6
        key = (c, i, j, states[c])
        if key not in cache:
            cache[key] = model.fragment(c, toks[i:j], states[c], first, numbered)
        return cache[key]

    # layer[j]: best partial cuttings of toks[:j] into columns 0..c, as (score, cuts)
    layer: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
    layer[0] = [(0.0, ())]
    for c in range(width):
        nxt: list[list[tuple[float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
        for j in range(n + 1):
            if c == width - 1 and j != n:
                continue
            cands = []
            lowest = j  # the longest fragment ending at j that is not far too wide starts here
            while lowest > 0 and (j - lowest + 1 <= 1 or ends[j] - ends[lowest - 1] - 1 <= limits[c]):
                lowest -= 1
            for i in range(lowest, j + 1):
                if not layer[i]:
                    continue
                f = fs(c, i, j)
                if f <= -1e5:
                    continue
                cands.extend((s + f, cuts + (j,)) for s, cuts in layer[i])
            nxt[j] = heapq.nlargest(k, cands, key=lambda x: x[0])
        layer = nxt
    return layer[n]


@dataclass
class _Line:
    number: int
    text: str
    tokens: list[_Token]


@dataclass
class _Measure:
    lines: list[_Line]
    numbered: bool


def _decode(model: _Model, rows: list[_Measure]) -> list[list[tuple[int, ...]]]:
    """The best cut points of every line of every row."""
    out = []
    for index, row in enumerate(rows):
        model.current = index
        beam: list[tuple[float, tuple[_State, ...], list[tuple[int, ...]]]] = [
            (0.0, (_FRESH,) * len(model.kinds), [])]
        for li, line in enumerate(row.lines):
            cache: dict = {}
            cands = []
            for score, states, hist in beam:
                for s, cuts in _kbest_cuts(model, line.tokens, states, li == 0, row.numbered, KBEST, cache):
                    frags = _fragments(line.tokens, cuts)
                    new = tuple(_after(st, f) for st, f in zip(states, frags))
                    cands.append((score + s, new, hist + [cuts]))
            # hypotheses that agree on every column's state are the same for what follows
            best: dict = {}
            for cand in cands:
                key = cand[1]
                if key not in best or cand[0] > best[key][0]:
                    best[key] = cand
            beam = heapq.nlargest(BEAM, best.values(), key=lambda x: x[0])
        out.append(beam[0][2])
    return out


def _fragments(tokens: list[_Token], cuts: tuple[int, ...]) -> list[str]:
    start, out = 0, []
    for end in cuts:
        out.append(_join(tokens[start:end]))
        start = end
    return out


def _estimate(model: _Model, rows: list[_Measure], cuts: list[list[tuple[int, ...]]]) -> _Model:
    """Widths and column statistics from a decoded pass."""
    frags: list[list[str]] = [[] for _ in model.kinds]      # every fragment, per column
    pairs: list[list[tuple[str, str]]] = [[] for _ in model.kinds]  # (fragment, next line's first word)
    stats = [Counter() for _ in model.kinds]
    flows, bonds = Counter(), Counter()
    own: list[tuple[list[Counter], Counter]] = []  # each row's own share of stats and flows
    for row, row_cuts in zip(rows, cuts):
        row_stats, row_flows, row_bonds = [Counter() for _ in model.kinds], Counter(), Counter()
        own.append((row_stats, row_flows, row_bonds))
        previous = [None] * len(model.kinds)
        for line, lc in zip(row.lines, row_cuts):
            folded = [_fold(t.text) for t in line.tokens]
            inner = {end for end in range(1, len(folded))} - set(lc)
            for i in range(1, len(folded)):
                row_bonds[folded[i - 1], folded[i]] += 1 if i in inner else -1
            start = 0
            for c, end in enumerate(lc):
                toks = line.tokens[start:end]
                if toks:
                    text = _join(toks)
                    frags[c].append(text)
                    if previous[c] is not None and not _BREAK.search(previous[c]) and not _DASH_END.search(previous[c]):
                        pairs[c].append((previous[c], toks[0].text))
                        row_flows[_fold(previous[c].split()[-1]), _fold(toks[0].text)] += 1
                    for t in toks:
                        row_stats[c][shape(t.text)] += 1
                previous[c] = _join(toks) if toks else None
                start = end
        flows.update(row_flows)
        bonds.update(row_bonds)
        for c, counts in enumerate(row_stats):
            stats[c].update(counts)
    widths = [_vote_width(f, p) for f, p in zip(frags, pairs)]
    totals = Counter()
    for s in stats:
        totals.update(s)
    n = sum(totals.values()) or 1
    share = [max(sum(s.values()) / n, 0.02) for s in stats]
    return _Model(model.kinds, widths, stats, totals, share, words=model.words, phrases=model.phrases,
                  flows=flows, bonds=bonds, own=own)


# What share of a plan table's width each kind of column usually takes (a prior for the first pass).
_WIDTH_SHARE = {"title": 0.32, "form": 0.13, "executor": 0.2, "deadline": 0.12, "cost": 0.11,
                "funding": 0.11, "other": 0.12}
INIT = "max"
SEEN_Q = 1.0
SEEN_MAX = 1.6


def _initial_widths(kinds: list[str], rows: list[_Measure]) -> list[int | None]:
    """First-pass widths: the widest line of the table shared out by the usual proportions of
    the column kinds, raised to what unambiguous first lines show (`_first_line_widths`)."""
    total = max((len(line.text) for row in rows for line in row.lines), default=60)
    numbers = [len(row.lines[0].tokens[0].text) for row in rows if row.numbered]
    number = max(numbers, default=0)
    text_total = total - len(kinds) + 1 - (number if kinds[0] == "number" else 0)
    shares = [_WIDTH_SHARE.get(k, 0.12) for k in kinds if k != "number"]
    prior = [number if k == "number" else max(4, round(text_total * _WIDTH_SHARE.get(k, 0.12) / sum(shares)))
             for k in kinds]
    seen = _first_line_widths(kinds, rows, [p * SEEN_MAX for p in prior])
    if INIT == "prior" or seen is None:
        return prior
    if INIT == "seen":
        return seen
    if INIT == "avg":
        return [round((p + s) / 2) if s else p for p, s in zip(prior, seen)]
    return [max(p, s or 0) for p, s in zip(prior, seen)]


def _first_line_widths(kinds: list[str], rows: list[_Measure], limits: list[float]) -> list[int | None] | None:
    """Widths from the rows whose first line is unambiguous: every cell starts on a row's first line
    with a capital (or a digit), so a first line with exactly one capitalised word per column cuts
    before each of them. The longest such fragment of a column is a lower bound of its width."""
    text_columns = [c for c, k in enumerate(kinds) if k != "number"]
    seen: list[list[int]] = [[] for _ in kinds]
    for row in rows:
        if not row.numbered:
            continue
        line = row.lines[0]
        body = line.tokens[1:]
        starts = [i for i, t in enumerate(body) if _starts_upper(t.text) and not _DITTO.fullmatch(t.text)]
        if len(starts) != len(text_columns) or not starts or starts[0] != 0:
            continue
        bounds = starts + [len(body)]
        lengths = {c: len(_join((line.tokens[:1] if c == 0 else []) + body[a:b]))
                   for c, a, b in zip(text_columns, bounds, bounds[1:])}
        if any(n > limits[c] for c, n in lengths.items()):
            continue  # one capital per column by chance: a fragment far wider than the table allows
        for c, n in lengths.items():
            seen[c].append(n)
    if sum(1 for s in seen if s) < len(text_columns) or len(seen[text_columns[0]]) < 3:
        return None
    # the upper quartile, not the maximum: a line can have one capital per column by chance
    return [sorted(s)[min(len(s) - 1, int(SEEN_Q * len(s)))] if s else None for s in seen]


def _vote_width(frags: list[str], pairs: list[tuple[str, str]]) -> int:
    """The column width most consistent with a pass's fragments: each fragment votes for widths at
    least its length, each pair of consecutive fragments for widths the next line's first word would
    have overflowed. A vote count, not a maximum, so a few wrong cuts cannot move it far."""
    if not frags:
        return 12
    lengths = sorted(len(f) for f in frags)
    best, best_votes = lengths[-1], -1
    for width in range(max(3, lengths[0]), lengths[-1] + 1):
        fits = sum(1 for n in lengths if n <= width)
        overflows = sum(1 for f, w in pairs if len(f) + 1 + len(w) > width)
        if fits + overflows > best_votes:
            best, best_votes = width, fits + overflows
    return best


def _margins(model: _Model, row: _Measure, row_cuts: list[tuple[int, ...]]) -> list[list[tuple[float, int]]]:
    """For each line and each boundary between columns c and c+1: how much better the reading
    with the chosen boundary scores than the best reading that puts it elsewhere, and how many
    characters the rivals within UNDECIDED of it would move across the boundary.

    A reading here is the line's cut plus the best cut of the next line after it (a broken word or
    a column falling silent shows only on the next line); the lines above are as chosen."""
    width = len(model.kinds)
    states: tuple[_State, ...] = (_FRESH,) * width
    out = []
    lines = row.lines
    for li, (line, cuts) in enumerate(zip(lines, row_cuts)):
        first = li == 0
        cache: dict = {}
        options = _kbest_cuts(model, line.tokens, states, first, row.numbered, MARGIN_CUTS, cache)
        if cuts not in [o[1] for o in options]:
            chosen_score = sum(model.fragment(c, line.tokens[a:b], states[c], first, row.numbered)
                               for c, (a, b) in enumerate(zip((0,) + cuts[:-1], cuts)))
            options.append((chosen_score, cuts))
        totals = []
        next_cache: dict = {}
        for score, option in options:
            if li + 1 < len(lines):
                after = tuple(_after(st, f) for st, f in zip(states, _fragments(line.tokens, option)))
                nxt = _kbest_cuts(model, lines[li + 1].tokens, after, False, row.numbered, 1, next_cache)
                score += nxt[0][0] if nxt else -1e6
            totals.append((score, option))
        line_margins = []
        for c in range(width - 1):
            same = max(v for v, o in totals if o[c] == cuts[c])
            rivals = [(v, o[c]) for v, o in totals if o[c] != cuts[c] and v > -1e5]
            if not rivals:
                line_margins.append((math.inf, 0))
                continue
            margin = same - max(rivals)[0]
            close = [t for v, t in rivals if abs(same - v) < UNDECIDED]
            moved = max((len(_join(line.tokens[min(t, cuts[c]):max(t, cuts[c])])) for t in close), default=0)
            line_margins.append((margin, moved))
        out.append(line_margins)
        states = tuple(_after(st, f) for st, f in zip(states, _fragments(line.tokens, cuts)))
    return out


def _split_rows(lines: list[tuple[int, str]]) -> tuple[list[tuple[str, object]], list[tuple[int, str]]]:
    """Group the table's lines into ('group', (line, text)) and ('measure', _Measure) items, in order;
    return them with the lines after the table's end."""
    items: list[tuple[str, object]] = []
    current: _Measure | None = None
    previous: tuple[int, ...] | None = None
    for idx, (number, text) in enumerate(lines):
        stripped = text.strip()
        if not stripped:
            continue
        if _RULE.match(stripped) or _END.match(stripped):
            return items, [(n, t) for n, t in lines[idx:] if t.strip()]
        heading = _HEADING.match(stripped)
        if heading:
            items.append(("group", (number, heading.group(1))))
            current = None
            previous = None  # numbering may restart in each section
            continue
        m = _NUMBER.match(stripped)
        parts = _number_parts(m.group(1)) if m else None
        if parts and _plausible_next(previous, parts):
            current = _Measure([_Line(number, stripped, _tokens(stripped))], numbered=True)
            items.append(("measure", current))
            previous = parts
            continue
        if current is None:
            current = _Measure([], numbered=False)
            items.append(("measure", current))
        current.lines.append(_Line(number, stripped, _tokens(stripped)))
    return items, []


def _number_parts(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.strip(".").split("."))


def _plausible_next(previous: tuple[int, ...] | None, parts: tuple[int, ...]) -> bool:
    """A measure number follows the one before it («2.3.» after «2.2.», «3.1.» after «2.3.»,
    «10.» after «9.»); a number that does not (a date, a clause reference) is text."""
    if previous is None:
        return parts[-1] <= 2 or len(parts) == 1
    if len(parts) != len(previous):
        return len(parts) > len(previous) and parts[:len(previous)] == previous and parts[-1] == 1
    for depth in range(len(parts)):
        if parts[:depth] == previous[:depth] and parts[depth] in (previous[depth] + 1, previous[depth] + 2):
            return all(p == 1 for p in parts[depth + 1:])
    return False


def _read(header: list[str], lines: list[tuple[int, str]]):
    """Rows found, lines after the table, the final model and the cut points of every line."""
    kinds = column_kinds(header)
    if "title" not in kinds:
        kinds[kinds.index("other") if "other" in kinds else 0] = "title"
    items, rest = _split_rows(lines)
    measures = [m for kind, m in items if kind == "measure"]
    words, phrases = Counter(), Counter()
    for m in measures:
        for line in m.lines:
            folded = [_fold(t.text) for t in line.tokens]
            words.update(folded)
            phrases.update(zip(folded, folded[1:]))
    model = _Model(kinds, _initial_widths(kinds, measures), exact=False, words=words, phrases=phrases)
    cuts = _decode(model, measures)
    for _ in range(PASSES):
        model = _estimate(model, measures, cuts)
        cuts = _decode(model, measures)
    return items, rest, model, cuts


def rebuild(header: list[str], lines: list[tuple[int, str]], *, table: int) -> tuple[Table, list[tuple[int, str]]]:
    """Rebuild a collapsed pseudographic table.

    `header`: the column labels in printed order; `lines`: the non-blank (line number, text) pairs
    after the header rule. Returns the table (format 'collapsed', first row the header, then a
    group row per heading and a row per measure) and the lines after the table's end it did not take.
    """
    width = len(header)
    items, rest, model, cuts = _read(header, lines)
    measures = [m for kind, m in items if kind == "measure"]
    first_line = lines[0][0] if lines else None
    rows = [Row([Cell(label, c, header=True, position=Position(line=first_line, table=table, row=1, cell=c + 1))
                 for c, label in enumerate(header)], Position(line=first_line, table=table, row=1))]
    decoded = iter(enumerate(zip(measures, cuts)))
    for kind, item in items:
        r = len(rows) + 1
        if kind == "group":
            number, text = item
            rows.append(Row([Cell(text, 0, colspan=width, bold=True, lines=(number,),
                                  position=Position(line=number, table=table, row=r, cell=1))],
                            Position(line=number, table=table, row=r)))
            continue
        model.current, (measure, row_cuts) = next(decoded)
        rows.append(_row(model, measure, row_cuts, header, table, r))
    return Table(rows, width, Position(line=first_line, table=table), format="collapsed"), rest


def _row(model: _Model, measure: _Measure, row_cuts: list[tuple[int, ...]], header: list[str],
         table: int, r: int) -> Row:
    width = len(header)
    per_line = [_fragments(line.tokens, cuts) for line, cuts in zip(measure.lines, row_cuts)]
    margins = _margins(model, measure, row_cuts)
    merged = [False] * (width - 1)  # merged[c]: columns c and c+1 are one cell in this row
    inseparable: dict[int, list[int]] = defaultdict(list)  # boundary -> lines where it could not be drawn
    guessed: dict[int, list[int]] = defaultdict(list)      # boundary -> lines where it is a guess
    for line, line_margins in zip(measure.lines, margins):
        for c, (margin, moved) in enumerate(line_margins):
            if abs(margin) < UNDECIDED and moved > UNDECIDED_TEXT:
                merged[c] = True
                inseparable[c].append(line.number)
            elif margin < GUESS:
                guessed[c].append(line.number)

    def where(numbers: list[int]) -> str:
        return ("line " if len(numbers) == 1 else "lines ") + ", ".join(map(str, numbers))

    notes: dict[int, list[str]] = defaultdict(list)
    for c in range(width - 1):
        a, b = f"«{header[c]}»", f"«{header[c + 1]}»"
        if inseparable[c]:
            notes[c].append(f"columns {a} and {b} could not be separated on {where(inseparable[c])}")
        if guessed[c]:
            notes[c].append(f"the boundary between {a} and {b} is a guess on {where(guessed[c])}")
    spans, start = [], 0
    for c in range(width):
        if c == width - 1 or not merged[c]:
            spans.append(list(range(start, c + 1)))
            start = c + 1
    cells = []
    for span in spans:
        start = span[0]
        texts, used = [], []
        for line, frags in zip(measure.lines, per_line):
            piece = " ".join(frags[c] for c in span if frags[c])
            if piece:
                texts.append(piece)
                used.append(line.number)
        cell_notes = [n for c in range(span[0] - 1, span[-1] + 1) for n in notes.get(c, [])]
        if len(span) > 1:
            cell_notes.insert(0, "one cell for columns " + ", ".join(f"«{header[c]}»" for c in span)
                              + ": their text could not be separated")
        cells.append(Cell("\n".join(texts), start, colspan=len(span), lines=tuple(used),
                          position=Position(line=measure.lines[0].number, table=table, row=r, cell=len(cells) + 1),
                          note="; ".join(dict.fromkeys(cell_notes)) or None))
    return Row(cells, Position(line=measure.lines[0].number, table=table, row=r))


def _main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    from pathlib import Path

    from graph.tables._collapsed_check import find_tables, join_broken, shares

    parser = argparse.ArgumentParser(prog="python -m graph.tables.collapsed", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("expected", type=Path, nargs="?", help="a hand reading (tests/data/real/expected/*.json)")
    parser.add_argument("--quiet", action="store_true", help="print only the shares")
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    for t, (header, body) in enumerate(find_tables(text), start=1):
        kinds = column_kinds(header)
        if "title" not in kinds:
            continue
        table, rest = rebuild(header, body, table=t)
        if not args.quiet:
            for row in table.rows:
                print(f"--- row {row.position.row} (lines {row.lines[0] if row.lines else '?'}–"
                      f"{row.lines[-1] if row.lines else '?'})")
                for cell in row.cells:
                    print(f"  [{cell.column}{'+' + str(cell.colspan - 1) if cell.colspan > 1 else ''}] "
                          f"{join_broken(cell.text.split(chr(10)))!r}" + (f"  NOTE: {cell.note}" if cell.note else ""))
            print(f"{len(rest)} lines after the table not taken")
        if args.expected:
            expected = json.loads(args.expected.read_text(encoding="utf-8"))["measures"]
            n_rows = sum(1 for r in table.rows[1:] if not (len(r.cells) == 1 and r.cells[0].bold))
            spans = sum(1 for r in table.rows[1:] for c in r.cells if c.colspan > 1 and not c.bold)
            print(f"{args.file.name} table {t}: {n_rows} measure rows (expected {len(expected)}), "
                  f"{spans} spanning cells")
            for kind, (good, total) in shares(table, kinds, expected).items():
                print(f"  {kind:9s} {good:3d}/{total} = {good / total:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
