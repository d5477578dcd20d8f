"""How far the participants' formulations of the opgave diverge (pure; no Django).

Two views, documented in docs/diagnostics.md (§5) and ADR 0020:

* **meaning** — the similarity of two formulations is the cosine of their sentence embeddings
  (:mod:`opgave.collaborations.semantics`: a multilingual sentence encoder whose weights ship in
  its package), clipped to [0, 1]; the session's **divergence** = ``1 − mean pairwise similarity``.
  The method is named in the report (``method``, ``method_label``).
* **words** — to show which words only one participant used: tokenise (lower-case, words of
  letters, at least 2), drop Dutch stop words (``stop-words``), lemmatise with ``simplemma``'s
  Dutch data (so "huishoudens" and "huishouden" are one word). The TF-IDF cosine over these
  lemmas (scikit-learn, smoothed idf, sublinear tf, fitted on the session's answers only) is kept
  as ``lexical_similarity`` for comparison: it measures shared words, not shared meaning.

Parties named by the participants are compared as sets: agreement per party = share of
participants naming it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import simplemma
from stop_words import get_stop_words

from opgave.collaborations import semantics

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("dutch"))


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word, lang="nl")).lower()


def terms(text: str) -> list[tuple[str, str]]:
    """``[(lemma, surface word), ...]`` for the meaningful words of ``text``."""
    stop = _stop_words()
    words = [w for w in _WORD.findall(text.lower()) if w not in stop]
    return [(_lemma(w), w) for w in words if _lemma(w) not in stop]


def _analyse(text: str) -> list[str]:
    return [lemma for lemma, _ in terms(text)]


def lexical_similarity_matrix(texts: list[str]) -> list[list[float]]:
    """TF-IDF cosine over lemmas, fitted on ``texts`` only (every text must have a term)."""
    # scikit-learn (with SciPy) takes seconds to import: only when a similarity is computed,
    # not in every process that loads the URLconf.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = TfidfVectorizer(analyzer=_analyse, sublinear_tf=True).fit_transform(texts)
    return [[float(v) for v in row] for row in cosine_similarity(matrix)]


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: float
    lexical_similarity: float | None = None


@dataclass(frozen=True)
class PartyAgreement:
    party: str
    named_by: list[str]
    share: float


@dataclass
class DivergenceReport:
    participants: list[str]
    method: str = semantics.METHOD
    method_label: str = semantics.METHOD_LABEL
    pairs: list[Pair] = field(default_factory=list)
    mean_similarity: float | None = None
    divergence: float | None = None
    distinctive_terms: dict[str, list[str]] = field(default_factory=dict)
    shared_terms: list[str] = field(default_factory=list)
    partial_terms: dict[str, list[str]] = field(default_factory=dict)
    parties: list[PartyAgreement] = field(default_factory=list)
    pending: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "pending": self.pending,
            "participants": self.participants,
            "method": self.method,
            "method_label": self.method_label,
            "pairs": [
                {"a": p.a, "b": p.b, "similarity": p.similarity, "lexical_similarity": p.lexical_similarity}
                for p in self.pairs
            ],
            "mean_similarity": self.mean_similarity,
            "divergence": self.divergence,
            "distinctive_terms": self.distinctive_terms,
            "shared_terms": self.shared_terms,
            "partial_terms": self.partial_terms,
            "parties": [{"party": p.party, "named_by": p.named_by, "share": p.share} for p in self.parties],
        }


def measure(
    formulations: dict[str, str], parties: dict[str, list[str]] | None = None, *, meaning: bool = True
) -> DivergenceReport:
    """Compare formulations ``{participant label: text}`` and named parties ``{label: [party]}``.

    With ``meaning=False`` only the quick part is done (words and parties, milliseconds): the
    report says ``pending`` and has no similarities yet; the sentence encoder runs later, in a
    background task (``opgave.collaborations.tasks.measure_divergence``), and fills them in.

    ``distinctive_terms`` maps each participant to the words only they used; ``shared_terms`` are
    used by every participant; ``partial_terms`` maps the words used by some (more than one, not
    all) to who used them. With fewer than two non-empty formulations no similarity is given.
    """
    labels = sorted(formulations)
    report = DivergenceReport(participants=labels)
    analysed = {label: terms(formulations[label]) for label in labels}
    non_empty = [label for label in labels if analysed[label]]
    report.pending = not meaning and len(non_empty) >= 2
    if len(non_empty) >= 2 and meaning:
        texts = [formulations[label] for label in non_empty]
        sims = semantics.similarity_matrix(texts)
        lexical = lexical_similarity_matrix(texts)
        index = {label: i for i, label in enumerate(non_empty)}
        for a, b in combinations(non_empty, 2):
            i, j = index[a], index[b]
            report.pairs.append(Pair(a, b, round(sims[i][j], 3), round(lexical[i][j], 3)))
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
