"""User interface strings and date formatting in Swedish and English.

The language is Pelican's ``DEFAULT_LANG`` (``sv`` or ``en``). Dates are
formatted from these tables rather than the C library's locale, so a build
gives the same text on every machine.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

MONTHS = {
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "skip_to_content": "Hoppa till innehållet",
        "main_navigation": "Huvudmeny",
        "home": "Start",
        "faq": "Vanliga frågor",
        "categories": "Kategorier",
        "about": "Om forumet",
        "policy": "Regler",
        "search": "Sök",
        "search_label": "Sök i forumet",
        "search_placeholder": "Vad undrar du?",
        "latest": "Senaste",
        "popular": "Populära",
        "all_in_category": "Alla trådar i {name}",
        "replies": "Svar",
        "reply_count_0": "Inga svar",
        "reply_count_1": "1 svar",
        "reply_count_n": "{n} svar",
        "staff_answer": "Svar från {org}",
        "staff_badge": "Personal",
        "accepted": "Löser frågan",
        "locked": "Låst",
        "locked_notice": "Tråden är låst och tar inte emot fler svar.",
        "asked_by": "Skrivet av {author}",
        "on_date": "den {date}",
        "votes": "{n} röster",
        "views": "{n} visningar",
        "tags": "Etiketter",
        "type": "Typ",
        "category": "Kategori",
        "report": "Anmäl inlägg",
        "policy_link": "Regler för forumet",
        "other_channels": "Andra sätt att kontakta oss",
        "personal_matters": "Gäller det ditt eget ärende? Skriv inte personuppgifter här, kontakta oss i stället.",
        "previous_thread": "Föregående tråd",
        "next_thread": "Nästa tråd",
        "pagination": "Sidnavigering",
        "page_n_of_m": "Sida {n} av {m}",
        "previous_page": "Föregående sida",
        "next_page": "Nästa sida",
        "not_found_title": "Sidan finns inte",
        "not_found_text": "Sidan du letar efter finns inte, eller har flyttats. Prova att söka, eller gå till startsidan.",
        "faq_intro": "Svar på frågor som många ställer, samlade av {org}.",
        "threads_in": "Trådar i {name}",
        "threads_of_type": "{name}",
        "threads_tagged": "Trådar med etiketten {name}",
        "no_threads": "Inga trådar ännu.",
        "footer_org": "{org}",
        "faq_entry": "Vanlig fråga",
        "last_activity": "Senaste aktivitet {date}",
        "last_answered": "Senast besvarad eller uppdaterad {date}.",
        "archived_notice": "Tråden är arkiverad. Den visas inte i listor eller i sökningen, men kan läsas av den som har länken.",
        "archive_reason": "Anledning: {reason}",
        "old_notice": "Tråden är äldre än {period} och kan innehålla inaktuell information.",
        "show_all_categories": "Alla kategorier",
        "related": "Liknande trådar",
        "search_needs_js": "Sökningen behöver JavaScript. Du kan i stället bläddra bland kategorierna eller läsa vanliga frågor.",
        "search_results": "Sökresultat",
        "search_button": "Sök",
        "search_title": "Sök i forumet",
        "search_terms": "Sökord",
        "search_count_0": "Inga träffar för ”{q}”.",
        "search_count_1": "1 träff för ”{q}”.",
        "search_count_n": "{n} träffar för ”{q}”.",
        "search_loading": "Söker …",
        "search_error": "Sökningen kunde inte laddas. Försök igen senare.",
        "search_more": "Visa fler träffar",
        "search_hint": "Skriv ett eller flera ord.",
    },
    "en": {
        "skip_to_content": "Skip to content",
        "main_navigation": "Main menu",
        "home": "Home",
        "faq": "FAQ",
        "categories": "Categories",
        "about": "About the forum",
        "policy": "Rules",
        "search": "Search",
        "search_label": "Search the forum",
        "search_placeholder": "What are you looking for?",
        "latest": "Latest",
        "popular": "Popular",
        "all_in_category": "All threads in {name}",
        "replies": "Replies",
        "reply_count_0": "No replies",
        "reply_count_1": "1 reply",
        "reply_count_n": "{n} replies",
        "staff_answer": "Answer from {org}",
        "staff_badge": "Staff",
        "accepted": "Solves the question",
        "locked": "Locked",
        "locked_notice": "This thread is locked and takes no more replies.",
        "asked_by": "Posted by {author}",
        "on_date": "on {date}",
        "votes": "{n} votes",
        "views": "{n} views",
        "tags": "Tags",
        "type": "Type",
        "category": "Category",
        "report": "Report post",
        "policy_link": "Forum rules",
        "other_channels": "Other ways to contact us",
        "personal_matters": "About your own case? Do not post personal data here; contact us instead.",
        "previous_thread": "Previous thread",
        "next_thread": "Next thread",
        "pagination": "Pagination",
        "page_n_of_m": "Page {n} of {m}",
        "previous_page": "Previous page",
        "next_page": "Next page",
        "not_found_title": "Page not found",
        "not_found_text": "The page you are looking for does not exist or has moved. Try searching, or go to the start page.",
        "faq_intro": "Answers to common questions, collected by {org}.",
        "threads_in": "Threads in {name}",
        "threads_of_type": "{name}",
        "threads_tagged": "Threads tagged {name}",
        "no_threads": "No threads yet.",
        "footer_org": "{org}",
        "faq_entry": "FAQ",
        "last_activity": "Last activity {date}",
        "last_answered": "Last answered or updated {date}.",
        "archived_notice": "This thread is archived. It is not shown in lists or search, but anyone with the link can read it.",
        "archive_reason": "Reason: {reason}",
        "old_notice": "This thread is older than {period} and may contain outdated information.",
        "show_all_categories": "All categories",
        "related": "Related threads",
        "search_needs_js": "Search needs JavaScript. You can browse the categories or read the FAQ instead.",
        "search_results": "Search results",
        "search_button": "Search",
        "search_title": "Search the forum",
        "search_terms": "Search terms",
        "search_count_0": "No results for “{q}”.",
        "search_count_1": "1 result for “{q}”.",
        "search_count_n": "{n} results for “{q}”.",
        "search_loading": "Searching …",
        "search_error": "Search could not be loaded. Please try again later.",
        "search_more": "Show more results",
        "search_hint": "Type one or more words.",
    },
}

#: Plural and singular names of each thread type, per language.
TYPE_NAMES = {
    "sv": {
        "question": ("Fråga", "Frågor"),
        "problem": ("Problem", "Problem"),
        "suggestion": ("Förslag", "Förslag"),
        "praise": ("Beröm", "Beröm"),
    },
    "en": {
        "question": ("Question", "Questions"),
        "problem": ("Problem", "Problems"),
        "suggestion": ("Suggestion", "Suggestions"),
        "praise": ("Praise", "Praise"),
    },
}

PERIOD_NAMES = {
    "sv": {"week": ("vecka", "veckor"), "month": ("månad", "månader"), "year": ("år", "år")},
    "en": {"week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years")},
}
NUMBER_WORDS = {
    "sv": {1: "ett", 2: "två", 3: "tre", 6: "sex"},
    "en": {1: "one", 2: "two", 3: "three", 6: "six"},
}


class Translator:
    """Look up UI strings for one language: ``t("replies")``."""

    def __init__(self, lang: str, timezone: str | None = None):
        self.lang = lang if lang in STRINGS else "sv"
        self.strings = STRINGS[self.lang]
        self.zone = ZoneInfo(timezone) if timezone else None

    def __call__(self, key: str, **values: object) -> str:
        return self.strings[key].format(**values)

    @property
    def months(self) -> tuple[str, ...]:
        return MONTHS[self.lang]

    def reply_count(self, n: int) -> str:
        key = "reply_count_0" if n == 0 else "reply_count_1" if n == 1 else "reply_count_n"
        return self(key, n=n)

    def type_name(self, value: str, plural: bool = False) -> str:
        return TYPE_NAMES[self.lang][value][1 if plural else 0]

    def date(self, moment: date | datetime) -> str:
        """``4 mars 2025`` / ``4 March 2025``, in the site's timezone."""
        if isinstance(moment, datetime) and moment.tzinfo is not None and self.zone is not None:
            moment = moment.astimezone(self.zone)
        return f"{moment.day} {MONTHS[self.lang][moment.month - 1]} {moment.year}"

    def period(self, count: int, unit: str) -> str:
        """``ett år``, ``sex månader``: the period in words."""
        if self.lang == "sv" and unit == "year" and count == 1:
            number = "ett"
        elif self.lang == "sv" and count == 1:
            number = "en"
        else:
            number = NUMBER_WORDS[self.lang].get(count, str(count))
        return f"{number} {PERIOD_NAMES[self.lang][unit][0 if count == 1 else 1]}"
