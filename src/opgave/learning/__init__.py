"""Pillar 4: learning and the landscape — the academy of lessons, knowledge circles, twinning,
and the registry of collaborations with its overlaps and network."""
