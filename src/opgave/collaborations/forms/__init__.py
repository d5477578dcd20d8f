"""Django forms of the collaboration pages (Dutch labels). Step forms turn into design dicts."""
