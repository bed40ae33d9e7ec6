"""Time the search page, /search/, on whatever database DATABASE_URL names.

    DATABASE_URL=… python bench/search_latency.py [--repeat 20] [QUERY …]

Each query string (`q=…&venue=…`) is requested `--repeat` times through the
whole Django stack (middleware, view, template), with the page cache emptied
before each request, after one warm-up request;
the p50, p95 and worst times are printed per query and over all requests.
Fill the database first, e.g. `manage.py generate_corpus --notes 100000`.
Not part of the test run: times depend on the machine.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notes_cms.settings")

# Words of every frequency in the synthetic corpus (from almost every note to a
# few hundred), several words, a phrase, exclusions, filters and a later page.
DEFAULT_QUERIES = [
    "q=token",
    "q=learning",
    "q=jailbreak",
    "q=medical",
    "q=audio+human",
    "q=diffusion+model+quantization",
    "q=%22question+answering%22",
    "q=%22strongest+baseline%22+-jailbreak",
    "q=jailbreak+or+audio",
    "q=learning&venue=ICML2025",
    "q=learning&topic=llm",
    "q=token&area=llm_safety&venue=ICLR2026",
    "q=learning&page=50",
    "q=zzzunknownword",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=DEFAULT_QUERIES)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from catalog.models import Note

    # Pages render without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    setup_test_environment()  # so that responses carry their context
    client = Client()
    print(
        f"{connection.vendor}, {Note.objects.published().count()} published notes, "
        f"{args.repeat} requests per query"
    )
    everything = []
    for query in args.queries:
        response = client.get(f"/search/?{query}")  # warm-up
        total = response.context["total"] if response.context else "-"
        times = []
        for _ in range(args.repeat):
            cache.clear()  # time the search, not the page cache
            started = time.perf_counter()
            response = client.get(f"/search/?{query}")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
        everything += times
        print(
            f"{query:45} {total!s:>7} matches  p50 {_p(times, 50):6.1f} ms  "
            f"p95 {_p(times, 95):6.1f} ms  max {max(times):6.1f} ms"
        )
    print(
        f"{'all requests':45} {'':>7}          p50 {_p(everything, 50):6.1f} ms  "
        f"p95 {_p(everything, 95):6.1f} ms  max {max(everything):6.1f} ms"
    )


def _p(times: list[float], percent: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[percent - 1]


if __name__ == "__main__":
    main()
