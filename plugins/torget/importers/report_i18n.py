"""Swedish and English text of an import's report (:mod:`torget.importers.report`).

The report speaks the site's language, ``DEFAULT_LANG``, as everything
else an editor reads; the strings live here, beside the feature.
"""

from __future__ import annotations

from ..i18n import Translator

REPORT_STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "import_categories": "Kategorier som TORGET_CATEGORIES inte har: bygget stoppar trådarna i dem.",
        "import_category": "  {name} (trådar: {n})",
        "import_category_close": "  {name} (trådar: {n}; menade du {close}?)",
        "import_category_add": "Lägg till de här raderna i TORGET_CATEGORIES i {config}{at}, eller ändra "
                               "trådarnas Category:",
        "import_category_at": " (rad {start}–{end})",
        "import_personal_data": "Kontaktuppgifter som personuppgiftsskyddet stoppar i bygget, fil för fil: ta bort "
                                "dem före första bygget, eller granska dem (docs/governance.md).",
        "import_ready": "Inga okända kategorier och inga kontaktuppgifter: kör torget check och sedan torget build.",
    },
    "en": {
        "import_categories": "Categories TORGET_CATEGORIES does not declare: the build stops the threads in them.",
        "import_category": "  {name} (threads: {n})",
        "import_category_close": "  {name} (threads: {n}; did you mean {close}?)",
        "import_category_add": "Add these lines to TORGET_CATEGORIES in {config}{at}, or change the threads' "
                               "Category:",
        "import_category_at": " (lines {start}–{end})",
        "import_personal_data": "Contact details the personal-data guard stops at the build, file by file: remove "
                                "them before the first build, or review them (docs/governance.md).",
        "import_ready": "No unknown categories and no contact details: run torget check, then torget build.",
    },
}


class ReportTranslator(Translator):
    """The forum's strings plus the import report's."""

    def __init__(self, lang: str):
        super().__init__(lang)
        self.strings = {**self.strings, **REPORT_STRINGS[self.lang]}
