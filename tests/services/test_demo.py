"""load_demo: the seed listing and the sample of the real site's tree, shipped
in catalog/demo/, imported through the tree import service."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import Area, AreaGroup, Note, PendingRelated, Venue
from catalog.services.demo import DEMO_DIR, DEMO_TREE
from tests.pagetext import visible_lines

pytestmark = pytest.mark.django_db

MOSE = (
    "/AAAI2026/knowledge_editing/"
    "multiplicative_orthogonal_sequential_editing_for_language_models/"
)
HOME_VENUES = [
    "ICML2026",
    "ACL2026",
    "CVPR2026",
    "ICLR2026",
    "AAAI2026",
    "NeurIPS2025",
    "ICCV2025",
]
GROUPS = [
    "LLM",
    "NLP Applications",
    "Generation & Multimodal",
    "Visual Perception",
    "Decision & Embodied",
    "Foundations & Theory",
    "Science & Cross-Disciplinary",
    "Others",
]


def load_demo() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_sample_tree_is_shipped_in_the_project():
    files = sorted(str(path.relative_to(DEMO_TREE)) for path in DEMO_TREE.rglob("*.md"))

    assert DEMO_TREE.parent == DEMO_DIR
    assert files == [
        "AAAI2026/knowledge_editing/index.md",
        "AAAI2026/knowledge_editing/"
        "multiplicative_orthogonal_sequential_editing_for_language_models.md",
        "ECCV2024/index.md",
        "index.md",
    ]


def test_the_registry_is_the_home_pages_in_its_order():
    out, err = load_demo()

    assert "Demo listing ICML2025/llm_safety: created 41" in out
    assert "Demo tree catalog/demo/docs: created 4, updated 0, unchanged 0" in out
    venues = list(Venue.objects.order_by("position").values_list("code", flat=True))
    assert venues[: len(HOME_VENUES)] == HOME_VENUES
    assert set(venues) >= {"ICML2025", "ECCV2024"}
    assert list(
        AreaGroup.objects.order_by("position").values_list("name", flat=True)
    ) == (GROUPS)
    home_areas = Area.objects.exclude(slug__startswith="vlm_")
    assert home_areas.count() == 50
    assert Area.objects.get(slug="dialogue").name == "Dialogue Systems"
    assert Area.objects.get(slug="dialogue").group.name == "NLP Applications"
    assert Area.objects.get(slug="knowledge_editing").emoji == "✏️"
    # The ECCV2024 venue page names two areas no home page card has.
    assert sorted(line.split("'")[1] for line in err.splitlines()) == [
        "vlm_efficiency",
        "vlm_reasoning",
    ]


def test_the_home_page_shows_both_venues_as_the_source_lays_them_out(client):
    load_demo()

    lines = visible_lines(client.get("/").content.decode())

    assert "📚 AI Conference Paper Notes" in lines
    assert "45 Notes" in lines
    assert lines.index("🤖 AAAI2026") < lines.index("🧪 ICML2025")
    assert "4 notes · 1 area" in lines
    assert "Knowledge Editing 4" in lines
    assert "LLM Safety 41" in lines


def test_the_full_note_shows_its_sections_rating_and_related_papers(client):
    load_demo()

    lines = visible_lines(client.get(MOSE).content.decode())

    for heading in ["TL;DR", "Method", "Key Experimental Results", "Rating"]:
        assert heading in lines
    assert "★★★★★ 5/5 — Provides a fundamental solution to the practically " in (
        "\n".join(lines)
    )
    related = lines[lines.index("Related Papers") + 1 :]
    assert related[0] == (
        "[AAAI 2026] Model Editing as a Double-Edged Sword: "
        "Steering Agent Ethical Behavior"
    )
    assert PendingRelated.objects.count() == 4


def test_loading_twice_changes_nothing():
    load_demo()
    notes = Note.objects.count()

    out, _err = load_demo()

    assert "Demo listing ICML2025/llm_safety: created 0, updated 0, unchanged 41" in out
    assert "Demo tree catalog/demo/docs: created 0, updated 0, unchanged 4" in out
    assert Note.objects.count() == notes == 45
