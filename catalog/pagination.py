"""Pagination that picks a page's rows before it reads them."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class RowsLastPaginator(Paginator):
    """A page of a long listing is chosen on ids, then only its rows are read.

    A listing sorts all its notes to show one page of them. Asked at once,
    the database reads every note's row to sort them; SQLite keeps a note's
    ratings and status after its long text, so that means reading the whole
    text of every note. Asked for the page's ids first (from the indexes and
    the papers' titles) and then for the rows of those ids, in one query, it
    reads only the rows it shows.
    """

    def _get_page(self, object_list, *args, **kwargs):
        if isinstance(object_list, QuerySet):
            ids = object_list.values("pk")
            object_list = self.object_list.filter(pk__in=ids)
        return super()._get_page(object_list, *args, **kwargs)
