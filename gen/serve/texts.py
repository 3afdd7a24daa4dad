"""The page's own words (labels, buttons, notices), as gettext ids like every message of gen.

The templates call t("ui.…") and the scripts tr("ui.js.…"); the ids are listed here so that
tools/messages.sh extracts them (templates and scripts are not Python). The texts are in
gen/locale/{vi,en}/LC_MESSAGES/gen.po; the page follows --lang / GEN_LANG like the command line.
"""

from __future__ import annotations

from gen.messages import N_, template

# Used by the templates (gen/serve/templates/*.html).
PAGE = (
    N_("ui.title"),
    N_("ui.brand"),
    N_("ui.error.title"),
    N_("ui.error.back"),
    N_("ui.list.title"),
    N_("ui.list.folder"),
    N_("ui.list.import"),
    N_("ui.list.import_help"),
    N_("ui.list.import_button"),
    N_("ui.list.next"),
    N_("ui.list.next_help"),
    N_("ui.list.organisation"),
    N_("ui.list.kind"),
    N_("ui.list.next_number"),
    N_("ui.list.documents"),
    N_("ui.list.legend.clean"),
    N_("ui.list.legend.warnings"),
    N_("ui.list.legend.errors"),
    N_("ui.list.legend.draft"),
    N_("ui.list.file"),
    N_("ui.list.period"),
    N_("ui.list.number"),
    N_("ui.list.day"),
    N_("ui.list.state"),
    N_("ui.list.word"),
    N_("ui.list.state.clean"),
    N_("ui.list.state.warnings"),
    N_("ui.list.state.errors"),
    N_("ui.list.state.draft"),
    N_("ui.list.built"),
    N_("ui.list.built_help"),
    N_("ui.list.not_built"),
    N_("ui.list.empty"),
    N_("ui.edit.back"),
    N_("ui.edit.unsaved"),
    N_("ui.edit.save"),
    N_("ui.edit.docx"),
    N_("ui.edit.pdf"),
    N_("ui.edit.new"),
    N_("ui.edit.diff"),
    N_("ui.edit.commit"),
    N_("ui.edit.check"),
    N_("ui.edit.tab.pages"),
    N_("ui.edit.tab.pdf"),
    N_("ui.edit.tab.diff"),
    N_("ui.edit.pdf_note"),
    N_("ui.edit.diff_note"),
    N_("ui.conflict.title"),
    N_("ui.conflict.help"),
    N_("ui.conflict.mine"),
    N_("ui.conflict.disk"),
    N_("ui.conflict.keep_mine"),
    N_("ui.conflict.take_disk"),
    N_("ui.conflict.later"),
    N_("ui.commit.title"),
    N_("ui.commit.help"),
    N_("ui.commit.ok"),
    N_("ui.commit.cancel"),
)

# Used by the scripts (gen/serve/static/*.js), handed to them as JSON in every page.
SCRIPT = (
    N_("ui.js.severity.error"),
    N_("ui.js.severity.warning"),
    N_("ui.js.severity.info"),
    N_("ui.js.no_page"),
    N_("ui.js.stale"),
    N_("ui.js.check_failed"),
    N_("ui.js.findings"),
    N_("ui.js.no_findings"),
    N_("ui.js.line"),
    N_("ui.js.pages"),
    N_("ui.js.save_failed"),
    N_("ui.js.took_disk"),
    N_("ui.js.download_failed"),
    N_("ui.js.offline"),
    N_("ui.js.bad_answer"),
    N_("ui.js.new_failed"),
    N_("ui.js.comparing"),
    N_("ui.js.compared"),
    N_("ui.js.no_change"),
    N_("ui.js.redline_link"),
    N_("ui.js.compare_failed"),
    N_("ui.js.commit_failed"),
    N_("ui.js.choose_file"),
    N_("ui.js.import_failed"),
    N_("ui.js.import_notes"),
)


def script_texts() -> dict[str, str]:
    """The scripts' texts with their {placeholders}: the script fills them."""
    return {message_id: template(message_id) for message_id in SCRIPT}
