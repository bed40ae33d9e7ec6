"""Topics editors curate for notes, and keywords the source gives papers."""

from django.db import models
from django.db.models import Exists, OuterRef
from taggit.models import ItemBase, NaturalKeyManager, TagBase

from catalog.querysets import published_q


class TopicQuerySet(models.QuerySet):
    def public(self):
        """Topics of at least one published note: the only ones the public
        may learn of. A topic only drafts, notes in review or rejected notes
        use has no page, and no list, filter or count names it."""
        return self.filter(
            Exists(
                TaggedTopic.objects.filter(
                    published_q("content_object__"), tag=OuterRef("pk")
                )
            )
        )


class Topic(TagBase):
    """A controlled topic that editors curate (LLM, Watermarking, …)."""

    objects = NaturalKeyManager.from_queryset(TopicQuerySet)()

    class Meta:
        app_label = "catalog"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaggedTopic(ItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="items")
    content_object = models.ForeignKey(
        "catalog.Note", on_delete=models.CASCADE, related_name="tagged_topics"
    )

    class Meta:
        app_label = "catalog"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_topic_per_note"
            )
        ]


class Keyword(TagBase):
    """A fine-grained keyword as the source wrote it."""

    class Meta:
        app_label = "catalog"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaggedKeyword(ItemBase):
    tag = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="items")
    content_object = models.ForeignKey(
        "catalog.Paper", on_delete=models.CASCADE, related_name="tagged_keywords"
    )

    class Meta:
        app_label = "catalog"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_keyword_per_paper"
            )
        ]
