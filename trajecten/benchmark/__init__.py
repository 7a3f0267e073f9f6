"""The national-scale benchmark behind ``manage.py benchmark`` (see docs/performance.md).

``seed`` fills an empty database with bulk inserts; ``measure`` times the key requests
in-process with Django's test client; ``urls`` adds the floor view for the run.
"""
