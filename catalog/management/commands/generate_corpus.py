"""Fill the database with a synthetic corpus shaped like the real one.

    python manage.py generate_corpus --notes 100000 --seed 1 [--workers 2]

For benchmarks and scale tests. The registry's venues and 50 areas (the
registry's 12 plus 38 more spread over the 8 home-page groups), listings of
very different sizes (a few areas and venues hold most notes, many listings a
handful), topics and keywords with a long tail, and notes of the real length:
a TL;DR with some math and a body of 5-10 kB with sections, lists, a table and
display math. Notes are published and go through `notes_bulk_create`, the
service that writes what `note_upsert` writes, with the same Markdown renderer
run on every core.

Deterministic: note number i depends only on the seed and i, so the same seed
gives the same corpus and a larger --notes extends a smaller one. Safe to run
twice: notes already there are left alone, so an interrupted run resumes.
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from catalog.markup import render_markdown
from catalog.models import Area, AreaGroup, Note, Paper, Venue
from catalog.registry import registry_load
from catalog.services import NoteContent, area_ensure, notes_bulk_create
from catalog.slugs import slug_from_title
from catalog.workers import RenderedAhead, worker_pool

BATCH = 500
# Area popularity falls off as rank ** -AREA_SKEW; each listing's size varies
# around what its venue and area predict by a log-normal factor.
AREA_SKEW = 0.9
LISTING_NOISE = 0.5
# Each area's favourite topics, most used first.
AREA_TOPICS = 12
# Written notes are published over two years that are safely in the past, so
# the corpus is the same whenever it is generated.
FIRST_DAY = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 730

# The areas the registry lacks, up to the real site's 50: (slug, name, emoji,
# home-page group).
EXTRA_AREAS = [
    ("machine_translation", "Machine Translation", "🌐", "NLP Applications"),
    ("information_extraction", "Information Extraction", "🔎", "NLP Applications"),
    ("dialogue_systems", "Dialogue Systems", "🗨️", "NLP Applications"),
    ("summarization", "Summarization", "📝", "NLP Applications"),
    ("question_answering", "Question Answering", "❓", "NLP Applications"),
    ("code_generation", "Code Generation", "💻", "NLP Applications"),
    ("image_generation", "Image Generation", "🎨", "Generation & Multimodal"),
    ("video_generation", "Video Generation", "🎬", "Generation & Multimodal"),
    ("diffusion_models", "Diffusion Models", "🌀", "Generation & Multimodal"),
    ("multimodal_vlm", "Multimodal VLM", "🖼️", "Generation & Multimodal"),
    ("audio_speech", "Audio & Speech", "🔊", "Generation & Multimodal"),
    ("3d_generation", "3D Generation", "🧊", "Generation & Multimodal"),
    ("object_detection", "Object Detection", "🎯", "Visual Perception"),
    ("segmentation", "Segmentation", "✂️", "Visual Perception"),
    ("3d_vision", "3D Vision", "📐", "Visual Perception"),
    ("video_understanding", "Video Understanding", "📹", "Visual Perception"),
    ("self_supervised", "Self-Supervised Learning", "🪞", "Visual Perception"),
    ("medical_imaging", "Medical Imaging", "🩻", "Visual Perception"),
    ("autonomous_driving", "Autonomous Driving", "🚗", "Visual Perception"),
    ("reinforcement_learning", "Reinforcement Learning", "🎮", "Decision & Embodied"),
    ("robotics", "Robotics", "🦿", "Decision & Embodied"),
    ("embodied_ai", "Embodied AI", "🤖", "Decision & Embodied"),
    ("planning", "Planning & Search", "🗺️", "Decision & Embodied"),
    ("optimization", "Optimization", "📉", "Foundations & Theory"),
    ("learning_theory", "Learning Theory", "📐", "Foundations & Theory"),
    ("graph_learning", "Graph Learning", "🕸️", "Foundations & Theory"),
    ("federated_learning", "Federated Learning", "🤝", "Foundations & Theory"),
    ("continual_learning", "Continual Learning", "🔁", "Foundations & Theory"),
    ("interpretability", "Interpretability", "🔬", "Foundations & Theory"),
    ("causal_inference", "Causal Inference", "🧩", "Foundations & Theory"),
    ("time_series", "Time Series", "⏱️", "Foundations & Theory"),
    ("model_compression", "Model Compression", "🗜️", "Foundations & Theory"),
    ("ai_for_science", "AI for Science", "🧬", "Science & Cross-Disciplinary"),
    ("drug_discovery", "Drug Discovery", "💊", "Science & Cross-Disciplinary"),
    ("weather_climate", "Weather & Climate", "🌦️", "Science & Cross-Disciplinary"),
    (
        "recommender_systems",
        "Recommender Systems",
        "🛒",
        "Science & Cross-Disciplinary",
    ),
    ("ai_for_math", "AI for Math", "➗", "Science & Cross-Disciplinary"),
    ("human_ai_interaction", "Human-AI Interaction", "🧑‍💻", "Others"),
]

# How much each venue publishes, relative to the others; older venues less.
VENUE_WEIGHT = {
    "NeurIPS2025": 1.6,
    "ICLR2026": 1.4,
    "ICML2026": 1.2,
    "CVPR2026": 1.0,
    "AAAI2026": 1.0,
    "ICCV2025": 0.8,
    "ACL2026": 0.7,
}
OLD_VENUE_WEIGHT = 0.25
# Vision venues publish mostly vision areas, language venues language areas.
VENUE_FIELD = {"CVPR": "vision", "ICCV": "vision", "ECCV": "vision", "ACL": "nlp"}
GROUP_FIELD = {
    "Visual Perception": "vision",
    "Generation & Multimodal": "vision",
    "LLM": "nlp",
    "NLP Applications": "nlp",
}

TOPICS = (
    "LLM, Diffusion Model, Reinforcement Learning, Adversarial Robustness, "
    "Alignment/RLHF, Watermarking, Continual Learning, Knowledge Distillation, "
    "Mixture of Experts, Retrieval-Augmented Generation, Chain-of-Thought, "
    "In-Context Learning, Vision-Language Model, Graph Neural Network, Federated "
    "Learning, Differential Privacy, Quantization, Pruning, Speculative Decoding, "
    "KV Cache, Long Context, Tokenization, Instruction Tuning, Preference "
    "Optimization, Reward Modeling, Hallucination, Jailbreak, Backdoor Attack, "
    "Membership Inference, Machine Unlearning, Model Editing, Interpretability, "
    "Mechanistic Interpretability, Sparse Autoencoder, Scaling Laws, Benchmark, "
    "Data Curation, Synthetic Data, Self-Supervised Learning, Contrastive "
    "Learning, Object Detection, Semantic Segmentation, 3D Reconstruction, "
    "Gaussian Splatting, NeRF, Video Generation, Text-to-Image, Image Editing, "
    "Point Cloud, Pose Estimation, Autonomous Driving, Embodied Agent, Robot "
    "Manipulation, Tool Use, Multi-Agent, Planning, Code Generation, Math "
    "Reasoning, Theorem Proving, Time Series Forecasting, Causal Discovery, "
    "Optimization Theory, Generalization Bound, Domain Adaptation, Out-of-"
    "Distribution Detection, Uncertainty Estimation, Calibration, Fairness, "
    "Recommendation, Molecule Generation, Protein Design, Weather Forecasting, "
    "Speech Recognition, Text-to-Speech, Machine Translation, Summarization, "
    "Question Answering, Information Extraction, Dialogue, Test-Time Scaling, "
    "Parameter-Efficient Fine-Tuning, LoRA, State Space Model, Linear Attention"
).split(", ")
ADJECTIVES = (
    "Adaptive Scalable Robust Efficient Sparse Hierarchical Contrastive Causal "
    "Latent Conditional Federated Decentralized Compositional Generalizable "
    "Interpretable Private Secure Lightweight Unified Dynamic Progressive "
    "Multi-Scale Cross-Modal Self-Supervised Zero-Shot Few-Shot Continual "
    "Bayesian Probabilistic Geometric Spectral Temporal Structured Implicit "
    "Differentiable Provable Fast Stable Faithful Controllable Grounded"
).split()
NOUNS = (
    "Attention Transformers Representations Embeddings Tokens Experts Agents "
    "Policies Rewards Gradients Features Prompts Adapters Retrievers Decoders "
    "Encoders Priors Kernels Graphs Trajectories Memories Critics Verifiers "
    "Planners Tokenizers Routers Caches Sketches Manifolds Flows Scores Masks "
    "Queries Objectives Benchmarks Datasets Curricula Ensembles Surrogates"
).split()
GERUNDS = (
    "Scaling Rethinking Understanding Improving Accelerating Aligning "
    "Detecting Mitigating Learning Distilling Steering Editing Compressing "
    "Evaluating Benchmarking Unifying Revisiting Exploiting Certifying "
    "Grounding Calibrating Routing Pruning Merging Probing"
).split()
METHODS = (
    "Consistency Regularization, Optimal Transport, Contrastive Decoding, "
    "Low-Rank Adaptation, Reward Shaping, Mixture Routing, Score Distillation, "
    "Preference Optimization, Test-Time Training, Spectral Filtering, Latent "
    "Diffusion, Gradient Projection, Token Merging, Curriculum Sampling, "
    "Adversarial Training, Energy-Based Modeling, Neural Tangent Kernels, "
    "Variational Inference, Monte Carlo Tree Search, Sparse Autoencoders"
).split(", ")
BENCHMARKS = (
    "MMLU GSM8K MATH HumanEval ImageNet COCO ADE20K Kinetics-400 nuScenes "
    "HotpotQA TruthfulQA AlpacaEval MT-Bench LongBench WMT22 LibriSpeech "
    "MoleculeNet ScanNet MuJoCo Atari-57 ARC-Challenge BIG-Bench VQAv2"
).split()
INLINE_MATH = [
    r"$O(n \log n)$",
    r"$(\epsilon, \delta)$",
    r"$\mathcal{O}(\sqrt{T})$",
    r"$k \ll d$",
    r"$\lambda = 0.1$",
    r"$\ell_2$",
    r"$\mathbb{E}[r]$",
    r"$p < 0.01$",
    r"$\alpha \in [0, 1]$",
    r"$W \in \mathbb{R}^{d \times k}$",
]
DISPLAY_MATH = [
    r"\mathcal{L}(\theta) = \mathbb{E}_{(x, y) \sim \mathcal{D}} "
    r"\left[ -\log p_\theta(y \mid x) \right] + \lambda \|\theta\|_2^2",
    r"\operatorname{Attn}(Q, K, V) = \operatorname{softmax}"
    r"\left( \frac{Q K^\top}{\sqrt{d_k}} \right) V",
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta} \left[ "
    r"\sum_{t=0}^{T} \nabla_\theta \log \pi_\theta(a_t \mid s_t) A_t \right]",
    r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{1 - \alpha_t}"
    r"{\sqrt{1 - \bar{\alpha}_t}} \epsilon_\theta(x_t, t) \right) + \sigma_t z",
    r"\mathcal{L}_{\mathrm{DPO}} = -\log \sigma \left( \beta \log "
    r"\frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - \beta \log "
    r"\frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)} \right)",
    r"W' = W + \Delta W = W + B A, \quad B \in \mathbb{R}^{d \times r}, "
    r"A \in \mathbb{R}^{r \times k}",
    r"R(h) \le \hat{R}(h) + \sqrt{\frac{\log |\mathcal{H}| + \log(1/\delta)}{2n}}",
]
SECTIONS = [
    "Background & Motivation",
    "Method",
    "Key Experimental Results",
    "Highlights & Insights",
    "Limitations & Future Work",
    "Related Work & Insights",
]
REASONS = [
    "a clear and well-motivated idea, though close to prior work",
    "experiments cover several benchmarks and strong baselines",
    "ablations are thorough but the largest models are missing",
    "clearly written, with a helpful overview figure",
    "practical value for anyone deploying such systems",
    "the theoretical analysis is elegant but assumes a lot",
    "results are convincing on standard benchmarks only",
]


class Command(BaseCommand):
    help = (
        "Generate a synthetic published corpus shaped like the real one "
        "(deterministic per seed; notes already there are kept)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--notes", type=int, required=True, help="How many.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes writing and rendering notes (default: one per core).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the listing sizes it would write; write nothing.",
        )

    def handle(self, *args, notes: int, seed: int, workers: int, dry_run, **options):
        self.verbosity = options["verbosity"]
        if notes < 0:
            raise CommandError("--notes cannot be negative.")
        registry = _registry(dry_run=dry_run)
        corpus = Corpus(seed=seed, venues=registry[0], areas=registry[1])
        plan = [corpus.key(number) for number in range(notes)]
        existing = set(Paper.objects.values_list("venue_id", "area_id", "slug"))
        todo = [key for key in plan if key.id not in existing]
        self._report_shape(plan, corpus)
        if dry_run:
            self.stdout.write(f"Dry run: would create {len(todo)} notes.")
            return
        self.stdout.write(
            f"Creating {len(todo)} notes ({notes - len(todo)} already there) "
            f"with {workers} rendering process(es)…"
        )
        started = time.monotonic()
        batches = [todo[done : done + BATCH] for done in range(0, len(todo), BATCH)]
        done = 0
        with worker_pool(
            workers, initializer=_worker_start, initargs=(corpus,)
        ) as pool:
            for built in pool.map_ahead(_build, batches):
                notes_bulk_create(
                    contents=[content for content, _html in built],
                    render_map=RenderedAhead(
                        {text: html for _c, pairs in built for text, html in pairs}
                    ),
                    # Made-up events of a synthetic corpus: not worth a log
                    # line each.
                    log_events=False,
                )
                done += len(built)
                self._progress(done, len(todo), started)
        with connection.cursor() as cursor:
            # Fresh statistics after a bulk load: SQLite keeps none until asked,
            # and without them it reads whole note rows where an index would do.
            # PostgreSQL's VACUUM also marks the new rows visible to all, so
            # that its index-only scans need not read them (autovacuum would,
            # some time later); it cannot run inside a transaction (tests).
            postgresql = connection.vendor == "postgresql"
            vacuum = postgresql and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        elapsed = time.monotonic() - started
        rate = len(todo) / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(todo)} notes in {elapsed:.1f} s ({rate:.0f} notes/s)."
            )
        )

    def _report_shape(self, plan: list[NoteKey], corpus: Corpus) -> None:
        if not plan:
            return
        sizes = Counter((key.venue.code, key.area.slug) for key in plan)
        ordered = sorted(sizes.values())
        self.stdout.write(
            f"{len(plan)} notes in {len(sizes)} listings of {len(corpus.listings)}: "
            f"smallest {ordered[0]}, median {ordered[len(ordered) // 2]}, "
            f"largest {ordered[-1]} ({'/'.join(sizes.most_common(1)[0][0])})."
        )

    def _progress(self, done: int, total: int, started: float) -> None:
        if self.verbosity < 1:
            return
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed else 0
        left = (total - done) / rate if rate else 0
        self.stdout.write(
            f"  {done:>7}/{total} notes · {rate:,.0f} notes/s · {left:,.0f} s left"
        )


_corpus: Corpus | None = None


def _worker_start(corpus: Corpus) -> None:
    global _corpus
    _corpus = corpus


def _build(keys: list[NoteKey]) -> list[tuple[NoteContent, list[tuple[str, str]]]]:
    """Contents of these notes, each with its texts rendered to HTML."""
    built = []
    for key in keys:
        content = _corpus.content(key)
        texts = (content.summary, content.body)
        built.append((content, [(text, render_markdown(text)) for text in texts]))
    return built


def _registry(*, dry_run: bool) -> tuple[list[Venue], list[Area]]:
    """The registry's venues and the 50 areas, adding what is missing."""
    if not dry_run:
        registry_load(Venue, AreaGroup, Area)
        for slug, name, emoji, group in EXTRA_AREAS:
            area_ensure(slug=slug, name=name, emoji=emoji, group=group)
    venues = list(Venue.objects.order_by("position", "code"))
    areas = list(Area.objects.select_related("group").order_by("slug"))
    if not venues or not areas:
        raise CommandError("The registry is empty; run without --dry-run once.")
    return venues, areas


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
        rng = self._rng(number)
        venue, area = self.listings[_pick(rng, self.cumulative)]
        title = _title(rng, area)
        slug = slug_from_title(title)
        # Two papers may share a title; the second gets a numbered slug.
        candidate, n = slug, 1
        while (venue.pk, area.pk, candidate) in self.used_slugs:
            n += 1
            candidate = f"{slug[:110]}_{n}"
        self.used_slugs.add((venue.pk, area.pk, candidate))
        return NoteKey(number, venue, area, title, candidate)

    def content(self, key: NoteKey) -> NoteContent:
        rng = self._rng(key.number)
        _pick(rng, self.cumulative)
        _title(rng, key.area)  # the same draws as key(), then the rest
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
            area_label=key.area.name,
            keywords=keywords,
            topics=sorted(topics),
            ratings={
                aspect: (
                    rng.choices([2, 3, 4, 5], [1, 3, 5, 2])[0],
                    rng.choice(REASONS),
                )
                for aspect, _label in Note.RATING_ASPECTS
            },
            published_at=day,
        )


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


def _title(rng: random.Random, area: Area) -> str:
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
    return " ".join(_sentence(rng, area) for _ in range(rng.randint(2, 4)))


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
    rows = ["| Method | " + " | ".join(rng.sample(BENCHMARKS, 3)) + " |"]
    rows.append("|------|------|------|------|")
    for name in ["Baseline", rng.choice(METHODS), "Ours"]:
        scores = " | ".join(f"{rng.uniform(20, 95):.1f}" for _ in range(3))
        rows.append(f"| {name} | {scores} |")
    return "\n".join(rows)
