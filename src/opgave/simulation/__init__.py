"""Consequence simulation (pillar 3, second half): run two versions of a rule set over a population
and report who gains, who loses and what it costs — before a version is adopted.

* :mod:`.population` — the synthetic Dutch population from CBS figures (pure library);
* :mod:`.populations` — reading and checking an imported CSV/Parquet population;
* :mod:`.engine` — evaluating a version over a population (``Model.evaluate_frame``, in chunks,
  optionally on a Dask cluster);
* :mod:`.report` — the report figures (Polars), stored as JSON on the simulation;
* :mod:`.services`, :mod:`.selectors`, :mod:`.permissions`, :mod:`.tasks` — the usual app layers.
"""
