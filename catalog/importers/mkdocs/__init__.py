"""Read the MkDocs source tree of the old static site (SOURCE-FORMAT.md), and
write the catalog back in that format.

    <docs>/index.md                            the home page     (site)
    <docs>/<VENUE>/index.md                    a venue page      (site)
    <docs>/<VENUE>/<area_slug>/index.md        an area listing   (listings)
    <docs>/<VENUE>/<area_slug>/<note_slug>.md  a note            (notes)

`read_site` (site) reads the home page, the venue pages and the listings,
which say what the registry holds (`SiteRegistry`: venues, groups, areas,
their names, emojis and order). `read_tree` (tree) parses every note file
and merges the listings with them into one `ImportItem` per note; it never
writes. The readers are lenient with what they can read (metadata lines with
or without bold colons and trailing spaces, star or `4/5` ratings, the
RELATED block with or without its wrapper, quoted or plain tags, …) and
report what they read but cannot use as a `SourceWarning` with its file and
line: an unreadable rating (`TBD`, two Rating sections: the note is unrated),
a folder nothing names. What they cannot read at all (malformed front matter,
an unreadable listing, a bad web address, …) is a `SourceError` naming the
file and line. `render_listing` and `render_note` (writer) write the files
the readers read.

Modules: text (what the readers share), frontmatter, site (home and venue
pages), venues (the registry a run reads against), metadata (the
`**Label**: value` lines), ratings, notes, listings, tree, writer.
"""

from catalog.importers.mkdocs.frontmatter import FrontMatter, parse_front_matter
from catalog.importers.mkdocs.listings import ListingEntry, ListingSource, parse_listing
from catalog.importers.mkdocs.notes import NoteSource, parse_note
from catalog.importers.mkdocs.site import (
    HomePage,
    SitePages,
    SiteRegistry,
    VenuePage,
    parse_home_page,
    parse_venue_page,
    read_site,
)
from catalog.importers.mkdocs.text import LISTING_FILE, RelatedKey, SourceWarning
from catalog.importers.mkdocs.tree import READ_BATCH, ImportItem, SourceTree, read_tree
from catalog.importers.mkdocs.venues import Catalog

__all__ = [
    "READ_BATCH",
    "LISTING_FILE",
    "Catalog",
    "FrontMatter",
    "HomePage",
    "ImportItem",
    "ListingEntry",
    "ListingSource",
    "NoteSource",
    "RelatedKey",
    "SitePages",
    "SiteRegistry",
    "SourceTree",
    "SourceWarning",
    "VenuePage",
    "parse_front_matter",
    "parse_home_page",
    "parse_listing",
    "parse_note",
    "parse_venue_page",
    "read_site",
    "read_tree",
]
