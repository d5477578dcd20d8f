"""Suite-wide fixtures. App-specific fixtures live next to their tests (tests/<app>/conftest.py)."""
