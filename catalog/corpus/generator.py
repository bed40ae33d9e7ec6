"""The synthetic corpus of one seed: where each note goes and what it says.

Deterministic: note number i depends only on the seed and i, so the same seed
gives the same corpus and a larger count extends a smaller one. Nothing here
touches the database; catalog.services.corpus writes what this makes.
"""

from __future__ import annotations

import bisect
import itertools
import random
from datetime import UTC, datetime, timedelta

from catalog.corpus.vocabulary import (
    ADJECTIVES,
    BENCHMARKS,
    DISPLAY_MATH,
    FAMILY_NAMES,
    GERUNDS,
    GIVEN_NAMES,
    GROUP_FIELD,
    INLINE_MATH,
    INSTITUTIONS,
    METHODS,
    NOUNS,
    OLD_VENUE_WEIGHT,
    REASONS,
    SECTIONS,
    TITLE_MATH,
    TOPICS,
    VENUE_FIELD,
    VENUE_WEIGHT,
)
from catalog.models import Area, Venue
from catalog.notedata import RATING_ASPECTS, NoteContent
from catalog.slugs import slug_from_title

# Area popularity falls off as rank ** -AREA_SKEW; each listing's size varies
# around what its venue and area predict by a log-normal factor.
AREA_SKEW = 0.9
LISTING_NOISE = 0.5
# Each area's favourite topics, most used first.
AREA_TOPICS = 12
# Shares of notes with math in the title, a file name apart from the title,
# and no rating yet (the source writes `TBD`).
TITLE_MATH_SHARE = 0.03
SHORT_SLUG_SHARE = 0.02
UNRATED_SHARE = 0.04
# Shares of notes whose source lists the authors (some with affiliations),
# and a PDF link.
AUTHORS_SHARE = 0.4
AFFILIATIONS_SHARE = 0.5
PDF_SHARE = 0.15
# Written notes are published over two years that are safely in the past, so
# the corpus is the same whenever it is generated.
FIRST_DAY = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 730


class NoteKey:
    """Where note number `number` goes, and its title."""

    __slots__ = ("number", "venue", "area", "title", "slug")

    def __init__(self, number, venue, area, title, slug):
        self.number, self.venue, self.area = number, venue, area
        self.title, self.slug = title, slug

    @property
    def id(self) -> tuple[int, int, str]:
        return (self.venue.pk, self.area.pk, self.slug)


class Corpus:
    """The synthetic corpus of one seed: listing weights, topics, keywords."""

    def __init__(self, *, seed: int, venues: list[Venue], areas: list[Area]):
        self.seed = seed
        # In display order, as the caller gives them.
        self.venues = venues
        rng = random.Random(f"corpus-{seed}")
        # Area popularity falls off as a power law in a seeded order.
        ranked = sorted(areas, key=lambda area: area.slug)
        rng.shuffle(ranked)
        area_weight = {
            area.pk: 1 / (rank + 1) ** AREA_SKEW for rank, area in enumerate(ranked)
        }
        self.listings: list[tuple[Venue, Area]] = []
        weights = []
        for venue in venues:
            field = VENUE_FIELD.get(venue.code.rstrip("0123456789"))
            for area in sorted(areas, key=lambda area: area.slug):
                affinity = 1.0
                if field:
                    affinity = 3.0 if GROUP_FIELD.get(area.group.name) == field else 0.3
                noise = rng.lognormvariate(0, LISTING_NOISE)
                base = VENUE_WEIGHT.get(venue.code, OLD_VENUE_WEIGHT)
                self.listings.append((venue, area))
                weights.append(base * area_weight[area.pk] * affinity * noise)
        self.cumulative = list(itertools.accumulate(weights))
        # Topics: a global long tail, and each area its own favourites.
        self.topics = TOPICS
        self.topic_cumulative = _zipf(len(TOPICS), 1.1)
        self.area_topic_cumulative = _zipf(AREA_TOPICS, 1.2)
        self.area_topics = {
            area.pk: rng.sample(TOPICS, AREA_TOPICS) for area in sorted(areas, key=str)
        }
        self.keywords = sorted(
            {f"{a} {n}" for a in ADJECTIVES for n in NOUNS}
            | {f"{a} {t}" for a in ADJECTIVES[:20] for t in TOPICS}
        )
        rng.shuffle(self.keywords)
        self.keyword_cumulative = _zipf(len(self.keywords), 1.0)
        self.used_slugs: set[tuple[int, int, str]] = set()

    def _rng(self, number: int) -> random.Random:
        return random.Random(f"{self.seed}:{number}")

    def key(self, number: int) -> NoteKey:
        """Listing and title of note `number`; call in order of `number`."""
        venue, area, title, slug = self._placed(self._rng(number))
        # Two papers may share a title; the second gets a numbered slug.
        candidate, n = slug, 1
        while (venue.pk, area.pk, candidate) in self.used_slugs:
            n += 1
            candidate = f"{slug[:110]}_{n}"
        self.used_slugs.add((venue.pk, area.pk, candidate))
        return NoteKey(number, venue, area, title, candidate)

    def _placed(self, rng: random.Random) -> tuple[Venue, Area, str, str]:
        """The first draws of a note: its listing, title and slug."""
        venue, area = self.listings[_pick(rng, self.cumulative)]
        title = paper_title(rng, area)
        # A few files are named apart from their title (`short_name.md` for
        # "A Long Title …"), so slug order is not always title order.
        short = rng.random() < SHORT_SLUG_SHARE
        slug = slug_from_title(" ".join(title.split()[:2]) if short else title)
        return venue, area, title, slug or "note"

    def content(self, key: NoteKey) -> NoteContent:
        rng = self._rng(key.number)
        self._placed(rng)  # the same draws as key(), then the rest
        topics = {
            self.topics[_pick(rng, self.topic_cumulative)]
            for _ in range(rng.randint(0, 2))
        } | {
            self.area_topics[key.area.pk][_pick(rng, self.area_topic_cumulative)]
            for _ in range(rng.randint(1, 3))
        }
        keywords = list(
            dict.fromkeys(
                self.keywords[_pick(rng, self.keyword_cumulative)]
                for _ in range(rng.randint(3, 7))
            )
        )
        day = FIRST_DAY + timedelta(days=rng.uniform(0, DAYS))
        arxiv = f"{day:%y%m}.{rng.randint(1, 29999):05d}" if rng.random() < 0.85 else ""
        has_code = rng.random() < 0.6
        repo = slug_from_title(key.title)[:40].replace("_", "-")
        authors, affiliations = _authors(rng)
        return NoteContent(
            venue=key.venue,
            area=key.area,
            slug=key.slug,
            title=key.title,
            summary=_summary(rng, key.area),
            body=_body(rng, key.area),
            arxiv_id=arxiv,
            paper_url=""
            if arxiv
            else f"https://openreview.net/forum?id={rng.randint(10**6, 10**7)}",
            code_url=f"https://github.com/lab{rng.randint(1, 999)}/{repo}"
            if has_code
            else "",
            code_note="" if has_code else "Not released",
            authors=authors,
            affiliations=affiliations,
            pdf_url=f"https://arxiv.org/pdf/{arxiv}"
            if arxiv and rng.random() < PDF_SHARE
            else "",
            area_label=key.area.name,
            keywords=keywords,
            topics=sorted(topics),
            ratings=_ratings(rng),
            published_at=day,
        )


def _authors(rng: random.Random) -> tuple[str, str]:
    """The Authors and Affiliations lines' values, or empty ones."""
    if rng.random() >= AUTHORS_SHARE:
        return "", ""
    authors = ", ".join(
        f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
        for _ in range(rng.randint(1, 8))
    )
    if rng.random() >= AFFILIATIONS_SHARE:
        return authors, ""
    return authors, ", ".join(rng.sample(INSTITUTIONS, rng.randint(1, 3)))


def _ratings(rng: random.Random) -> dict[str, tuple[int, str]]:
    if rng.random() < UNRATED_SHARE:
        return {}
    return {
        aspect: (rng.choices([2, 3, 4, 5], [1, 3, 5, 2])[0], rng.choice(REASONS))
        for aspect, _label in RATING_ASPECTS
    }


def _zipf(size: int, exponent: float) -> list[float]:
    return list(
        itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(size))
    )


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


def _acronym(rng: random.Random) -> str:
    letters = "ABCDEFGHIKLMNOPRSTUVW"
    word = "".join(rng.choice(letters) for _ in range(rng.randint(3, 6)))
    return (
        word
        if rng.random() < 0.6
        else word[0] + word[1:].lower() + rng.choice(NOUNS)[:4]
    )


def paper_title(rng: random.Random, area: Area) -> str:
    """A made-up paper title in this area; a few have math in them."""
    if rng.random() < TITLE_MATH_SHARE:
        return rng.choice(TITLE_MATH).format(
            adjective=rng.choice(ADJECTIVES), noun=rng.choice(NOUNS), area=area.name
        )
    adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
    method, topic = rng.choice(METHODS), rng.choice(TOPICS)
    shape = rng.randrange(5)
    if shape == 0:
        return f"{_acronym(rng)}: {rng.choice(GERUNDS)} {adjective} {noun} via {method}"
    if shape == 1:
        return f"{adjective} {noun} for {area.name} with {method}"
    if shape == 2:
        return (
            f"On the {rng.choice(NOUNS)[:-1]} Geometry of {adjective} {noun} in {topic}"
        )
    if shape == 3:
        return f"Towards {adjective} {area.name}: {rng.choice(GERUNDS)} {noun} at Scale"
    return f"{_acronym(rng)}: {adjective} {topic} Is {rng.choice(ADJECTIVES)} {noun}"


def _sentence(rng: random.Random, area: Area) -> str:
    math = rng.choice(INLINE_MATH) if rng.random() < 0.35 else ""
    gain = f"{rng.uniform(0.5, 15):.1f}%"
    forms = [
        f"Proposes {rng.choice(METHODS).lower()} for {area.name.lower()}, which "
        f"{rng.choice(GERUNDS).lower()} {rng.choice(NOUNS).lower()} by a "
        f"{rng.choice(ADJECTIVES).lower()} objective {math}".rstrip(),
        f"On {rng.choice(BENCHMARKS)} and {rng.choice(BENCHMARKS)} it improves over "
        f"the strongest baseline by {gain} while using fewer "
        f"{rng.choice(NOUNS).lower()}",
        f"The analysis shows that {rng.choice(ADJECTIVES).lower()} "
        f"{rng.choice(NOUNS).lower()} explain most of the gap {math}".rstrip(),
        f"A {rng.choice(ADJECTIVES).lower()} variant keeps the cost at "
        f"{rng.choice(INLINE_MATH)} per step and scales to "
        f"{rng.choice([7, 13, 70, 405])}B parameters",
    ]
    return rng.choice(forms) + "."


def _summary(rng: random.Random, area: Area) -> str:
    sentences = [_sentence(rng, area) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.1:
        sentences[0] = f"**{rng.choice(METHODS)}** in brief: {sentences[0]}"
    if rng.random() < 0.05:
        # An escaped dollar, and a currency sign where no formula is.
        sentences.append(f"A run costs about \\${rng.randint(2, 90)} of compute.")
        if not any("$" in sentence for sentence in sentences[:-1]):
            sentences.append("Energy is measured in $/MWh.")
    return " ".join(sentences)


def _paragraph(rng: random.Random, area: Area) -> str:
    return " ".join(_sentence(rng, area) for _ in range(rng.randint(4, 7)))


def _body(rng: random.Random, area: Area) -> str:
    parts = []
    for section in SECTIONS[: rng.randint(4, len(SECTIONS))]:
        parts.append(f"## {section}")
        if section == "Method":
            for number in range(1, rng.randint(2, 4) + 1):
                parts.append(f"### {number}. {rng.choice(METHODS)}")
                parts.extend(_paragraph(rng, area) for _ in range(rng.randint(1, 2)))
                if rng.random() < 0.7:
                    parts.append(f"$${rng.choice(DISPLAY_MATH)}$$")
        elif section == "Key Experimental Results":
            parts.append(_paragraph(rng, area))
            parts.append(_table(rng))
        else:
            parts.extend(_paragraph(rng, area) for _ in range(rng.randint(1, 2)))
            marker = "1." if section.startswith(("Highlights", "Limitations")) else "-"
            parts.append(
                "\n".join(
                    f"{marker} **{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}**: "
                    f"{_sentence(rng, area)}"
                    for _ in range(rng.randint(2, 5))
                )
            )
    return "\n\n".join(parts)


def _table(rng: random.Random) -> str:
    """Scores, sometimes with a spread in math, and a cost column with units."""
    columns = rng.sample(BENCHMARKS, 3)
    cost = rng.choice(["", "Latency", "Speed-up"])
    head = [*columns, cost] if cost else columns
    rows = ["| Method | " + " | ".join(head) + " |"]
    rows.append("|" + "------|" * (len(head) + 1))
    spread = rng.random() < 0.3
    for name in ["Baseline", rng.choice(METHODS), "Ours"]:
        cells = [
            f"${rng.uniform(20, 95):.1f}_{{\\pm {rng.uniform(0.1, 2):.1f}}}$"
            if spread
            else f"{rng.uniform(20, 95):.1f}"
            for _ in columns
        ]
        if cost == "Latency":
            cells.append(f"{rng.uniform(5, 300):.1f} ms")
        elif cost == "Speed-up":
            cells.append(f"${rng.uniform(1, 8):.1f}\\times$")
        rows.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(rows)
