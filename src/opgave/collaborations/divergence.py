"""How far the participants' formulations of the opgave diverge (pure; no Django).

Text pipeline (documented in docs/diagnostics.md):

1. tokenise: lower-case, words of letters (``\\w`` without digits/underscore), at least 2 letters;
2. drop Dutch stop words (the ``stop-words`` package's Dutch list);
3. stem with the Snowball Dutch (Porter variant) stemmer (``snowballstemmer``);
4. weight with TF-IDF (scikit-learn's ``TfidfVectorizer``: smoothed idf
   ``idf(t) = ln((1 + n) / (1 + df(t))) + 1``, sublinear tf, L2-normalised rows) fitted on the
   session's answers only;
5. similarity of two formulations = cosine of their vectors (0 = nothing in common, 1 = same
   weighted terms); the session's **divergence** = ``1 − mean pairwise similarity``.

Parties named by the participants are compared as sets: agreement per party = share of
participants naming it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from stop_words import get_stop_words

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("dutch"))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch_porter")


def terms(text: str) -> list[tuple[str, str]]:
    """``[(stem, surface word), ...]`` for the meaningful words of ``text``."""
    stop = _stop_words()
    words = [w for w in _WORD.findall(text.lower()) if w not in stop]
    return list(zip(_stemmer().stemWords(words), words, strict=True))


def _analyse(text: str) -> list[str]:
    return [stem for stem, _ in terms(text)]


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: float


@dataclass(frozen=True)
class PartyAgreement:
    party: str
    named_by: list[str]
    share: float


@dataclass
class DivergenceReport:
    participants: list[str]
    pairs: list[Pair] = field(default_factory=list)
    mean_similarity: float | None = None
    divergence: float | None = None
    distinctive_terms: dict[str, list[str]] = field(default_factory=dict)
    shared_terms: list[str] = field(default_factory=list)
    partial_terms: dict[str, list[str]] = field(default_factory=dict)
    parties: list[PartyAgreement] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "participants": self.participants,
            "pairs": [{"a": p.a, "b": p.b, "similarity": p.similarity} for p in self.pairs],
            "mean_similarity": self.mean_similarity,
            "divergence": self.divergence,
            "distinctive_terms": self.distinctive_terms,
            "shared_terms": self.shared_terms,
            "partial_terms": self.partial_terms,
            "parties": [{"party": p.party, "named_by": p.named_by, "share": p.share} for p in self.parties],
        }


def measure(formulations: dict[str, str], parties: dict[str, list[str]] | None = None) -> DivergenceReport:
    """Compare formulations ``{participant label: text}`` and named parties ``{label: [party]}``.

    ``distinctive_terms`` maps each participant to the words only they used; ``shared_terms`` are
    used by every participant; ``partial_terms`` maps the words used by some (more than one, not
    all) to who used them. With fewer than two non-empty formulations no similarity is given.
    """
    labels = sorted(formulations)
    report = DivergenceReport(participants=labels)
    analysed = {label: terms(formulations[label]) for label in labels}
    non_empty = [label for label in labels if analysed[label]]
    if len(non_empty) >= 2:
        vectoriser = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True)
        matrix = vectoriser.fit_transform([formulations[label] for label in non_empty])
        sims = cosine_similarity(matrix)
        index = {label: i for i, label in enumerate(non_empty)}
        for a, b in combinations(non_empty, 2):
            report.pairs.append(Pair(a, b, round(float(sims[index[a], index[b]]), 3)))
        mean = sum(p.similarity for p in report.pairs) / len(report.pairs)
        report.mean_similarity = round(mean, 3)
        report.divergence = round(1 - mean, 3)
    users: dict[str, set[str]] = defaultdict(set)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for label in labels:
        for stem, word in analysed[label]:
            users[stem].add(label)
            surface[stem][word] += 1
    for label in labels:
        own = sorted(
            {surface[stem].most_common(1)[0][0] for stem, _ in analysed[label] if users[stem] == {label}}
        )
        report.distinctive_terms[label] = own
    if len(non_empty) >= 2:
        report.shared_terms = sorted(
            surface[stem].most_common(1)[0][0] for stem, who in users.items() if who == set(non_empty)
        )
    report.partial_terms = {
        surface[stem].most_common(1)[0][0]: sorted(who)
        for stem, who in sorted(users.items())
        if 1 < len(who) < len(non_empty)
    }
    if parties:
        named: dict[str, list[str]] = defaultdict(list)
        display: dict[str, str] = {}
        for label in sorted(parties):
            for party in {p.strip() for p in parties[label] if p.strip()}:
                key = party.casefold()
                display.setdefault(key, party)
                named[key].append(label)
        total = len(parties)
        report.parties = sorted(
            (PartyAgreement(display[k], sorted(v), round(len(v) / total, 3)) for k, v in named.items()),
            key=lambda p: (-p.share, p.party.casefold()),
        )
    return report
