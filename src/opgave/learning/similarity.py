"""How alike collaborations and organisations are: pure functions over plain facts (no database).

* **overlap** of two collaborations (the landscape, step 5): territory, parties and opgave text;
* **likeness** of two designs ("lessons from collaborations like yours"): the leading governance
  perspective, the opgave text and the parties;
* **partner fit** of two organisations (twinning suggestions): analogous core processes and
  complementary strengths.

Opgave texts are compared with TF-IDF (scikit-learn) over lemmatised and stemmed Dutch words
(:mod:`opgave.learning.text`), cosine similarity; ADR 0034 gives the weights and thresholds.
Every score comes with its reasons in Dutch, so a user can judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from opgave.learning import text

# Overlap: weights of territory, parties and text; text similarity counts fully from TEXT_FULL
# (cosine) up. A pair is reported from OVERLAP_MIN; it is "strong" (worth a notice to both sides)
# from STRONG_OVERLAP *and* only when the opgaven themselves are alike (TEXT_REASON_MIN): sharing
# a municipality and a partner is common, working on the same problem there is what matters.
W_TERRITORY, W_PARTIES, W_TEXT = 0.25, 0.25, 0.5
TEXT_FULL = 0.5
OVERLAP_MIN = 0.3
STRONG_OVERLAP = 0.5
# Likeness: perspective, text, parties.
L_PERSPECTIVE, L_TEXT, L_PARTIES = 0.4, 0.35, 0.25
LIKENESS_MIN = 0.2
TEXT_REASON_MIN = 0.15


@dataclass(frozen=True)
class Facts:
    """What the landscape knows of one collaboration (its public part)."""

    id: int
    name: str
    opgave: str
    region: frozenset[str] = frozenset()  # names of municipalities/provinces
    is_national: bool = False
    parties: frozenset[str] = frozenset()  # names of owner and participating organisations
    perspective: str = ""
    perspective_label: str = ""


@dataclass(frozen=True)
class Match:
    a: int
    b: int
    score: float
    reasons: list[str] = field(default_factory=list)
    text: float = 0.0

    @property
    def strong(self) -> bool:
        return self.score >= STRONG_OVERLAP and self.text >= TEXT_REASON_MIN


# Words that say where or how, not what: they would make every text in one region look alike.
GENERIC = frozenset(text.stems("gemeente provincie regio samen inwoner inwoners landelijk"))


def _analyse(document: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    return [s for s in text.stems(document) if s not in GENERIC and s not in ignore]


def place_stems(facts: list[Facts]) -> frozenset[str]:
    """Stems of the place names in the registry ("Gemeente Arnhem" → "arnhem")."""
    return frozenset(stem for f in facts for name in f.region for stem in text.stems(name))


def text_similarity(documents: list[str], ignore: frozenset[str] = frozenset()) -> list[list[float]]:
    """Pairwise cosine similarity of Dutch documents (TF-IDF over lemmas+stems)."""
    if len(documents) < 2 or not any(_analyse(d, ignore) for d in documents):
        return [[1.0 if i == j else 0.0 for j in range(len(documents))] for i in range(len(documents))]
    # scikit-learn (with SciPy) takes seconds to import: only when a similarity is computed,
    # not in every process that loads the URLconf.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectorizer = TfidfVectorizer(analyzer=lambda d: _analyse(d, ignore), sublinear_tf=True)
    matrix = vectorizer.fit_transform(documents)
    return [[float(v) for v in row] for row in cosine_similarity(matrix)]


def _shared_words(a: str, b: str, ignore: frozenset[str] = frozenset(), limit: int = 4) -> list[str]:
    stems_b = set(_analyse(b, ignore))
    seen: dict[str, str] = {}
    for word in text.words(a):
        stem = (_analyse(word, ignore) or [""])[0]
        if stem and stem in stems_b and stem not in seen:
            seen[stem] = word
    return list(seen.values())[:limit]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _names(items: frozenset[str], limit: int = 4) -> str:
    ordered = sorted(items)
    more = len(ordered) - limit
    return ", ".join(ordered[:limit]) + (f" en {more} meer" if more > 0 else "")


def territory(a: Facts, b: Facts) -> tuple[float, str]:
    if a.is_national and b.is_national:
        return 1.0, "Beide werken landelijk."
    if a.is_national or b.is_national:
        other = b if a.is_national else a
        return (
            (0.5, f"De een werkt landelijk, dus ook in {_names(other.region)}.")
            if other.region
            else (0.0, "")
        )
    shared = a.region & b.region
    if not shared:
        return 0.0, ""
    return _jaccard(a.region, b.region), f"Zelfde gebied: {_names(shared)}."


def parties(a: Facts, b: Facts) -> tuple[float, str]:
    shared = a.parties & b.parties
    if not shared:
        return 0.0, ""
    return _jaccard(a.parties, b.parties), f"Gedeelde partijen: {_names(shared)}."


def _text_reason(a: Facts, b: Facts, similarity: float, ignore: frozenset[str] = frozenset()) -> str:
    if similarity < TEXT_REASON_MIN:
        return ""
    words = _shared_words(f"{a.name} {a.opgave}", f"{b.name} {b.opgave}", ignore)
    detail = f" (gedeelde woorden: {', '.join(words)})" if words else ""
    return f"Vergelijkbare opgave: tekstovereenkomst {similarity:.0%}{detail}.".replace(".0%", "%")


def overlaps(facts: list[Facts], minimum: float = OVERLAP_MIN) -> list[Match]:
    """Every pair at or above ``minimum``, strongest first, with its reasons."""
    places = place_stems(facts)
    sims = text_similarity([f"{f.name} {f.opgave}" for f in facts], places)
    found: list[Match] = []
    for i, j in combinations(range(len(facts)), 2):
        a, b = facts[i], facts[j]
        t_score, t_reason = territory(a, b)
        p_score, p_reason = parties(a, b)
        x_score = sims[i][j]
        score = W_TERRITORY * t_score + W_PARTIES * p_score + W_TEXT * min(1.0, x_score / TEXT_FULL)
        reasons = [r for r in (t_reason, p_reason, _text_reason(a, b, x_score, places)) if r]
        if score >= minimum and reasons:
            low, high = (a, b) if a.id < b.id else (b, a)
            found.append(Match(low.id, high.id, round(score, 3), reasons, round(x_score, 3)))
    return sorted(found, key=lambda m: (-m.score, m.a, m.b))


def alike(target: Facts, others: list[Facts], minimum: float = LIKENESS_MIN) -> list[Match]:
    """Collaborations whose design looks like ``target``'s, most alike first (``a`` = target)."""
    if not others:
        return []
    places = place_stems([target, *others])
    sims = text_similarity(
        [f"{target.name} {target.opgave}"] + [f"{o.name} {o.opgave}" for o in others], places
    )
    found = []
    for index, other in enumerate(others, start=1):
        same = bool(target.perspective) and target.perspective == other.perspective
        p_score, p_reason = parties(target, other)
        x_score = sims[0][index]
        score = L_PERSPECTIVE * same + L_TEXT * min(1.0, x_score / TEXT_FULL) + L_PARTIES * p_score
        reasons = []
        if same:
            reasons.append(f"Zelfde leidend perspectief: {target.perspective_label or target.perspective}.")
        reasons += [r for r in (_text_reason(target, other, x_score, places), p_reason) if r]
        if score >= minimum and reasons:
            found.append(Match(target.id, other.id, round(score, 3), reasons, round(x_score, 3)))
    return sorted(found, key=lambda m: (-m.score, m.b))


# -- twinning partners ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    processes: frozenset[str]
    strengths: frozenset[str]
    weaknesses: frozenset[str]


def _norm(items: frozenset[str]) -> dict[str, str]:
    """Stemmed form → the words as written, so "uitkeringen verstrekken" meets "uitkering verstrekken"."""
    return {" ".join(text.stems(item)): item for item in items if text.stems(item)}


def partner_fit(me: Profile, others: list[Profile]) -> list[Match]:
    """Organisations that judge or deliver the same kind of thing (analogous core processes) and
    that are strong where ``me`` is weak, or the other way round; best fit first."""
    mine = _norm(me.processes)
    found = []
    for other in others:
        if other.id == me.id:
            continue
        theirs = _norm(other.processes)
        shared = sorted(mine[k] for k in set(mine) & set(theirs))
        union = set(mine) | set(theirs)
        analogy = len(shared) / len(union) if union else 0.0
        gives = sorted(set(_norm(other.strengths)) & set(_norm(me.weaknesses)))
        takes = sorted(set(_norm(me.strengths)) & set(_norm(other.weaknesses)))
        complement = min(1.0, (len(gives) + len(takes)) / 4)
        score = 0.6 * analogy + 0.4 * complement
        reasons = []
        if shared:
            reasons.append(f"Vergelijkbare kernprocessen: {', '.join(shared)}.")
        if gives:
            names = ", ".join(_norm(other.strengths)[k] for k in gives)
            reasons.append(f"{other.name} is sterk in wat bij jou beter kan: {names}.")
        if takes:
            names = ", ".join(_norm(me.strengths)[k] for k in takes)
            reasons.append(f"Je bent sterk in wat bij {other.name} beter kan: {names}.")
        if score > 0 and reasons:
            found.append(Match(me.id, other.id, round(score, 3), reasons))
    return sorted(found, key=lambda m: (-m.score, m.b))
