"""Views of the trajecten app, one module per area (see urls.py)."""
