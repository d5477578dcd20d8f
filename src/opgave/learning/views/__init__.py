"""Pages of pillar 4 (Leren), mounted at ``leren/`` with namespace ``learning``."""
