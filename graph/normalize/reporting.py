"""Reporting duties: «с предоставлением в МТСЗН ежемесячного отчета о результатах».

A duty is a report word (отчет/отчёт/отчеты/отчетность, информация, сведения,
«отчитываться») and a frequency word (ежемесячный/ежемесячно, ежеквартальный,
ежегодный/годовой, полугодовой, еженедельный, ежедневный, «раз в месяц» …)
within a few words of each other in the same sentence, in any order:

    с предоставлением в МТСЗН ежемесячного отчета
    с представлением в МФ информации ежеквартально
    с ежемесячным предоставлением отчета в МТСЗН
    отчет о ходе работ представлять в МТСЗН ежемесячно

The recipient is a phrase after «в»/«во»/«в адрес»/«перед» within a few words
of the report word, preferring one that starts with a capital («МТСЗН»,
«Министерство финансов»), then the nearest. When a sentence holds several
duties, each such phrase belongs to the duty whose frequency word is nearest. `recipient_text` is that phrase as
printed, or '' when the text names none; `recipient` stays None (the
organisation directory resolves it elsewhere).
"""
from __future__ import annotations

import re

from ..records import ReportingDuty
from .text import clean

_FREQUENCIES = [
    (r"ежемесячн\w*|(?:\d\s+)?раз\s+в\s+месяц|помесячн\w*", "P1M"),
    (r"ежеквартальн\w*|поквартальн\w*|(?:\d\s+)?раз\s+в\s+квартал", "P3M"),
    (r"ежеполугодн\w*|полугодов\w*|(?:\d\s+)?раз\s+в\s+(?:полугодие|полгода)", "P6M"),
    (r"ежегодн\w*|годов(?:ой|ого|ом|ые|ых)|(?:\d\s+)?раз\s+в\s+год(?![а-я])", "P1Y"),
    (r"еженедельн\w*|(?:\d\s+)?раз\s+в\s+неделю", "P1W"),
    (r"ежедневн\w*", "P1D"),
]
_FREQUENCY = re.compile(
    "|".join(f"(?P<f{i}>(?<![а-я])(?:{p}))" for i, (p, _) in enumerate(_FREQUENCIES)), re.I
)
_REPORT = re.compile(
    r"(?<![а-я])(?:от?ч[её]т(?:а|у|ом|е|ы|ов|ам|ами|ах|ность|ности)?|информаци(?:я|и|ю|ей)"
    r"|сведени(?:я|й|ям|ями)|отчитыва\w+)(?![а-я])",
    re.I,
)
# «с предоставлением», «с ежемесячным представлением», «направлять» … : included in the duty's text.
_SUBMIT = re.compile(
    r"(?<![а-я])(?:с\s+(?:\w+\s+)?)?(?:пред(?:о)?ставлени\w*|пред(?:о)?ставля\w*|направлени\w*|направля\w*|внесени\w*|внос\w*)",
    re.I,
)
_RECIPIENT_START = re.compile(r"(?<![\w-])(?:в|во|перед)\s+(?:адрес\s+)?", re.I)
# Words after «в» that do not name a recipient («в рамках», «в течение», «в том числе» …).
_NOT_RECIPIENT = re.compile(
    r"^(?:рамк\w*|течени\w*|том|т\.|части|соответстви\w*|срок\w*|целях|случае|кажд\w*|месяц\w*|год\w*|"
    r"квартал\w*|период\w*|разрезе|порядке|виде|форме|установленн\w*|полном|ходе|качестве|зависимости|пределах|"
    r"\d\w*)(?![а-я])",
    re.I,
)
_PHRASE_WORD = re.compile(r"[^\s,;:()]+")
_RECIPIENT_STOP = re.compile(
    r"^(?:о|об|по|для|с|со|до|не|на|за|в|во|к|от)$|^(?:ежемесячн|ежеквартальн|ежегодн|"
    r"еженедельн|ежедневн|полугодов|годов(?:ой|ого)|от?ч[её]т|информаци|сведени|пред(?:о)?ставл|направл|отчитыв)",
    re.I,
)
_SENTENCE = re.compile(r"[^;]+?(?:\.(?=\s+[A-ZА-ЯЁ])|;|$)")
_COMPLEMENT = re.compile(r"\s+(?:о|об)\s+[^\s,;:.()]+(?:\s+[^\s,;:.()]+)?")  # «о результатах»
_MAX_WORDS_APART = 8
_MAX_RECIPIENT_WORDS = 6


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[min(a, b):max(a, b)].split())


def _recipients(sentence: str) -> list[tuple[str, int, int]]:
    """Every «в X» / «перед X» phrase of a sentence that may name a recipient: (phrase, start, end)."""
    found = []
    for m in _RECIPIENT_START.finditer(sentence):
        if _NOT_RECIPIENT.match(sentence[m.end():]):
            continue
        words, end = [], m.end()
        for w in _PHRASE_WORD.finditer(sentence, m.end()):
            if (words and sentence[end:w.start()].strip()) or _RECIPIENT_STOP.match(w.group()) \
                    or len(words) >= _MAX_RECIPIENT_WORDS:
                break
            words.append(w.group())
            end = w.end()
        if words:
            found.append((" ".join(words).rstrip("."), m.start(), end))
    return found


def find_reporting_duties(text: str) -> list[ReportingDuty]:
    """Reporting duties in `text` (frequency + recipient); see the module docstring for the forms."""
    text = clean(text or "")
    duties: list[ReportingDuty] = []
    seen = set()
    for sentence in (m.group() for m in _SENTENCE.finditer(text)):
        reports = list(_REPORT.finditer(sentence))
        freqs = [f for f in _FREQUENCY.finditer(sentence)
                 if any(_words_between(sentence, f.start(), r.start()) <= _MAX_WORDS_APART for r in reports)]
        # Each recipient phrase belongs to the duty whose frequency word is nearest to it.
        owner: dict[int, list[tuple[str, int, int]]] = {}
        for phrase in _recipients(sentence):
            if freqs:
                nearest = min(range(len(freqs)), key=lambda i: _words_between(sentence, phrase[1], freqs[i].start()))
                owner.setdefault(nearest, []).append(phrase)
        for i, freq in enumerate(freqs):
            report = min(reports, key=lambda r: abs(r.start() - freq.start()))
            frequency = _FREQUENCIES[int(freq.lastgroup[1:])][1]
            start, end = min(freq.start(), report.start()), max(freq.end(), report.end())
            near = [p for p in owner.get(i, []) if _words_between(sentence, p[1], report.start()) <= _MAX_WORDS_APART]
            recipient = min(near, key=lambda p: (not p[0][:1].isupper(), abs(p[1] - report.start())), default=None)
            if recipient:
                start, end = min(start, recipient[1]), max(end, recipient[2])
            # The submitting phrase just before («с предоставлением …») and «о результатах» after.
            submit = [s for s in _SUBMIT.finditer(sentence) if s.start() < end and _words_between(sentence, s.start(), start) <= 3]
            if submit:
                start = min(start, submit[0].start())
            complement = _COMPLEMENT.match(sentence, end)
            if complement:
                end = complement.end()
            recipient_text = recipient[0] if recipient else ""
            if (frequency, recipient_text) in seen:
                continue
            seen.add((frequency, recipient_text))
            duties.append(ReportingDuty(text=sentence[start:end].strip(" ,;."), frequency=frequency,
                                        recipient_text=recipient_text))
    return duties
