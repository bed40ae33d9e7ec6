"""Topics editors curate for notes, and keywords the source gives papers."""

from django.db import models
from taggit.models import ItemBase, TagBase


class Topic(TagBase):
    """A controlled topic that editors curate (LLM, Watermarking, …)."""

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
