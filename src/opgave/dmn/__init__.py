"""A pure-Python DMN 1.5 engine with a FEEL core (no Django).

>>> from opgave.dmn import load_model
>>> model = load_model("eligibility.dmn")            # doctest: +SKIP
>>> result = model.evaluate("Eligible", {"Age": 30})  # doctest: +SKIP
>>> result.value, result.messages                     # doctest: +SKIP

See ``docs/dmn.md`` for the guide.
"""

from opgave.dmn.api import Model, Problem, Result, load_model, load_models
from opgave.dmn.errors import DmnError, DmnEvaluationError, DmnModelError

__all__ = [
    "DmnError",
    "DmnEvaluationError",
    "DmnModelError",
    "Model",
    "Problem",
    "Result",
    "load_model",
    "load_models",
]
