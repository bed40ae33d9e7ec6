"""Every write to the catalog that touches several rows goes through here.

Views, the admin, management commands and tests call these functions; each is
atomic and raises ValidationError with a message a person can act on. One
module per subdomain:

- `public`: the public version that cached pages carry;
- `notes`: notes as sources give them (upsert, render, rename);
- `related`: links between notes;
- `registry`: venues and areas;
- `imports`: a parsed listing, and new notes in bulk;
- `history`: the lock, revisions and events every write records;
- `revisions`: a note's working data, checked and stored;
- `workflow`: transitions from draft to published and back;
- `reviews`: claims and review comments;
- `deletions`: deleting notes, papers and submissions, logged;
- `previews`: preview links of one revision, shared and revoked;
- `submissions`: what readers send;
- `limits`: their rate limit's count while the cache is away;
- `tree_import`, `tree_export`: the MkDocs source tree, in and out;
- `demo`: the demo listing and accounts;
- `corpus`: a synthetic corpus (catalog.corpus) written in bulk.
"""

from catalog.notedata import PAPER_FIELDS, REVISION_FIELDS, NoteContent
from catalog.permissions import (
    DECIDE_SUBMISSION,
    EDIT_PERMISSION,
    PUBLISH_PERMISSION,
    REVIEW_PERMISSION,
)
from catalog.services.corpus import (
    CorpusPlan,
    corpus_plan,
    corpus_tree_plan,
    corpus_tree_write,
    corpus_write,
)
from catalog.services.deletions import (
    may_delete,
    note_delete,
    paper_delete,
    submission_delete,
)
from catalog.services.demo import demo_load, demo_users_create
from catalog.services.history import BULK_READ, revision_published_at
from catalog.services.imports import (
    Progress,
    RenderMap,
    listing_import,
    notes_bulk_create,
)
from catalog.services.limits import (
    submission_count_give_back,
    submission_count_take,
)
from catalog.services.notes import (
    NOTE_CLEAN_EXCLUDE,
    markdown_render_all,
    note_rename,
    note_render,
    note_upsert,
    notes_unchanged,
)
from catalog.services.previews import (
    PREVIEW_MAX_AGE,
    PREVIEW_SALT,
    note_preview_token,
    preview_link_from_token,
    preview_link_revoke,
)
from catalog.services.public import (
    PUBLIC_VERSION_KEY,
    public_content_changed,
    public_version,
    public_version_bump,
)
from catalog.services.registry import area_ensure, registry_changed, venue_ensure
from catalog.services.related import note_set_related, notes_set_related
from catalog.services.reviews import (
    note_claim,
    note_unclaim,
    review_comment_add,
    review_comment_resolve,
)
from catalog.services.revisions import (
    note_check_version,
    note_formula_problems,
    note_place_check,
    note_revise,
    note_snapshot,
    note_snapshot_of,
    note_stale_message,
    note_with_data,
)
from catalog.services.submissions import (
    SUBMISSION_STATUS_SALT,
    submission_approve,
    submission_create,
    submission_credit,
    submission_from_token,
    submission_mark_spam,
    submission_reject,
    submission_status_token,
)
from catalog.services.tree_export import TreeExported, tree_export
from catalog.services.tree_import import TreeImported, tree_import, tree_read
from catalog.services.workflow import (
    REVISION_NOT_NAMED,
    note_approve,
    note_archive,
    note_create,
    note_publish_revision,
    note_reject,
    note_request_changes,
    note_revert,
    note_submit,
    note_unpublish,
)

__all__ = [
    "BULK_READ",
    "DECIDE_SUBMISSION",
    "EDIT_PERMISSION",
    "NOTE_CLEAN_EXCLUDE",
    "PAPER_FIELDS",
    "PREVIEW_MAX_AGE",
    "PREVIEW_SALT",
    "PUBLIC_VERSION_KEY",
    "PUBLISH_PERMISSION",
    "REVIEW_PERMISSION",
    "REVISION_FIELDS",
    "REVISION_NOT_NAMED",
    "SUBMISSION_STATUS_SALT",
    "CorpusPlan",
    "NoteContent",
    "Progress",
    "RenderMap",
    "TreeExported",
    "TreeImported",
    "area_ensure",
    "corpus_plan",
    "corpus_tree_plan",
    "corpus_tree_write",
    "corpus_write",
    "demo_load",
    "demo_users_create",
    "listing_import",
    "markdown_render_all",
    "may_delete",
    "note_approve",
    "note_archive",
    "note_check_version",
    "note_formula_problems",
    "note_claim",
    "note_create",
    "note_place_check",
    "note_delete",
    "note_preview_token",
    "note_publish_revision",
    "note_reject",
    "note_render",
    "note_rename",
    "note_request_changes",
    "note_revert",
    "note_revise",
    "note_set_related",
    "note_snapshot",
    "note_snapshot_of",
    "note_stale_message",
    "note_submit",
    "note_unclaim",
    "note_unpublish",
    "note_upsert",
    "note_with_data",
    "notes_bulk_create",
    "notes_set_related",
    "notes_unchanged",
    "preview_link_from_token",
    "preview_link_revoke",
    "paper_delete",
    "public_content_changed",
    "public_version",
    "public_version_bump",
    "registry_changed",
    "review_comment_add",
    "review_comment_resolve",
    "revision_published_at",
    "submission_approve",
    "submission_count_give_back",
    "submission_count_take",
    "submission_create",
    "submission_delete",
    "submission_credit",
    "submission_from_token",
    "submission_mark_spam",
    "submission_reject",
    "submission_status_token",
    "tree_export",
    "tree_import",
    "tree_read",
    "venue_ensure",
]
