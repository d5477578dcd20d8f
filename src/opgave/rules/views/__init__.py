"""Pages of pillar 3, mounted at ``regels/`` with namespace ``rules``."""
