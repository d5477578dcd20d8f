"""Web pages of pillar 1 (thin: forms in, services and selectors, templates out)."""
