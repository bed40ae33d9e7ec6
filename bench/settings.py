"""Production settings for the benchmark, with the static files of its own.

Everything comes from notes_cms.settings (DEBUG off unless DJANGO_DEBUG says
otherwise, WhiteNoise, the cache and database from the environment); only
STATIC_ROOT moves under bench/results/, where run.py also puts the area page
exported as a static file, so that WhiteNoise serves both from one server.
"""

from pathlib import Path

from notes_cms.settings import *  # noqa: F403

STATIC_ROOT = Path(__file__).resolve().parent / "results" / "static"
