"""The one NinjaAPI instance: assembles the routers of every pillar."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="opgave API",
    version="1.0.0",
    description="REST-API van opgave: samenwerken als één overheid.",
    urls_namespace="api-v1",
    docs_url="/docs",
)
