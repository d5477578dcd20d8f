"""Operating opgave: the production server, the task worker, health, metrics and deploy checks.

An entry-point layer like ``api`` and ``web``: it may import the domain apps, they never
import it. Domain apps register background work through :mod:`opgave.core.background`
and :mod:`opgave.core.schedule`; this package runs it (``opgave worker``).
"""
