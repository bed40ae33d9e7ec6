"""Fixtures of the reader's pages' tests."""

import pytest

from catalog.models import Note
from tests.factories import days_ago, make_note


@pytest.fixture
def site(registry):
    """Six published notes in two venues and two areas, and one draft."""
    notes = {
        "alpha": make_note(
            title="Alpha Shield",
            topics=["LLM", "Watermarking"],
            keywords=["privacy", "DP-SGD"],
            arxiv_id="2503.12314",
            code_note="Not released",
            area_label="Privacy / AI Safety",
            summary="Alpha bounds the leak at $(\\varepsilon,\\delta)$.",
            body=(
                "## Method\n\nThe loss is\n\n$$L = \\sum_i x_i^2$$\n\n"
                "| Model | Score |\n|---|---|\n| A | 1.0 |\n\n"
                "```python\nprint('hi')\n```\n"
            ),
            ratings={"novelty": (4, "A new angle."), "value": (3, "")},
            published_at=days_ago(6),
        ),
        "beta": make_note(
            title="Beta Guard",
            topics=["LLM"],
            paper_url="https://openreview.net/forum?id=abc",
            code_url="https://github.com/b/guard",
            published_at=days_ago(5),
        ),
        "gamma": make_note(
            title="gamma Ward", topics=["Watermarking"], published_at=days_ago(4)
        ),
        "delta": make_note(
            venue="ICLR2026",
            title="Delta Safety",
            topics=["LLM"],
            published_at=days_ago(3),
        ),
        "epsilon": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Epsilon Reasoner",
            topics=["Chain of Thought", "LLM"],
            published_at=days_ago(2),
        ),
        "zeta": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Zeta Thinker",
            published_at=days_ago(1),
        ),
        "draft": make_note(
            venue="ICLR2026",
            area="llm_reasoning",
            title="Hidden Draft",
            topics=["LLM"],
            status=Note.Status.DRAFT,
        ),
    }
    return notes
