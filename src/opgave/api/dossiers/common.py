"""Shared plumbing of the dossier endpoints: the actor and the scopes.

Service errors (:mod:`opgave.core.exceptions`) become problem+json in :mod:`opgave.api.problems`.
"""

from django.http import HttpRequest

from opgave.api.auth import actor_of, scoped
from opgave.core.actors import Actor

READ = scoped("dossiers:read")
WRITE = scoped("dossiers:write")


def actor(request: HttpRequest) -> Actor:
    return actor_of(request)
