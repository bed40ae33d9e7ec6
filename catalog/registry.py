"""The venues, area groups and areas a fresh site knows (SOURCE-FORMAT.md).

Loaded by a data migration and again by `load_demo`; loading is idempotent and
never overwrites what an editor has changed since. An imported source tree
says what the registry holds (its home page, venue pages and listings), and
where it says something else than this list, the tree wins: `import_mkdocs`
updates these rows (catalog.services.registry.registry_plan). The areas are
listed here in the source generator's order, which SOURCE-FORMAT.md gives for
the LLM group; a tree's venue pages give it for every group.
"""

# (code, display name, emoji, year, is_current), in display order.
VENUES = [
    ("ICML2026", "ICML 2026", "🧪", 2026, True),
    ("ACL2026", "ACL 2026", "💬", 2026, True),
    ("CVPR2026", "CVPR 2026", "📷", 2026, True),
    ("ICLR2026", "ICLR 2026", "🔬", 2026, True),
    ("AAAI2026", "AAAI 2026", "🤖", 2026, True),
    ("NeurIPS2025", "NeurIPS 2025", "🧠", 2025, True),
    ("ICCV2025", "ICCV 2025", "📹", 2025, True),
    ("ICML2025", "ICML 2025", "🧪", 2025, False),
    ("ACL2025", "ACL 2025", "💬", 2025, False),
    ("CVPR2025", "CVPR 2025", "📷", 2025, False),
    ("ECCV2024", "ECCV 2024", "🎞️", 2024, False),
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

# (slug, name, emoji, group)
AREAS = [
    ("llm_reasoning", "LLM Reasoning", "💡", "LLM"),
    ("llm_agent", "LLM Agent", "🦾", "LLM"),
    ("multi_agent", "Multi-Agent", "👥", "LLM"),
    ("llm_alignment", "Alignment & RLHF", "⚖️", "LLM"),
    ("llm_safety", "LLM Safety", "🔒", "LLM"),
    ("hallucination", "Hallucination Detection", "👻", "LLM"),
    ("llm_evaluation", "LLM Evaluation", "📊", "LLM"),
    ("llm_efficiency", "LLM Efficiency", "⚡", "LLM"),
    ("llm_pretraining", "Pretraining", "📚", "LLM"),
    ("knowledge_editing", "Knowledge Editing", "✏️", "LLM"),
    ("llm_nlp", "LLM (Other)", "💬", "LLM"),
    ("others", "Others", "📂", "Others"),
]


def registry_load(Venue, AreaGroup, Area) -> dict[str, int]:
    """Create what is missing; takes model classes so migrations can use it."""
    created = {"venues": 0, "groups": 0, "areas": 0}
    for position, (code, name, emoji, year, is_current) in enumerate(VENUES):
        _, new = Venue.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "spellings": [name],
                "emoji": emoji,
                "year": year,
                "position": position,
                "is_current": is_current,
            },
        )
        created["venues"] += new
    groups = {}
    for position, name in enumerate(GROUPS):
        groups[name], new = AreaGroup.objects.get_or_create(
            name=name, defaults={"position": position}
        )
        created["groups"] += new
    for position, (slug, name, emoji, group) in enumerate(AREAS):
        _, new = Area.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "emoji": emoji,
                "group": groups[group],
                "position": position,
            },
        )
        created["areas"] += new
    return created
