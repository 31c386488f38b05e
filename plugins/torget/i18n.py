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
        "locked_notice": "Tråden är låst: frågan är avslutad och {org} uppdaterar den inte längre.",
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
        "personal_matters": "Gäller det ditt eget ärende? Kontakta oss direkt, så blir ingenting offentligt.",
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
        "last_answered": "Senast besvarad {date}.",
        "last_updated": "Senast uppdaterad {date}.",
        "not_answered": "Inget svar från {org} ännu. Frågan ställdes {date}.",
        "archived_notice": "Den här tråden är arkiverad: den gäller inte längre och finns kvar bara för kännedom. Den uppdaterades senast {date}.",
        "archive_reason": "Varför: {reason}",
        "old_notice": "Tråden är äldre än {period} och kan vara inaktuell.",
        "age_policy": "Trådar som är äldre än {period} kan vara inaktuella.",
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
        "ask": "Ställ en fråga",
        "ask_not_found": "Hittade du inte svaret?",
        "ask_search_title": "Hittade du inte det du letade efter?",
        "ask_text": "Skicka din fråga till {org}. Du får svar direkt, och svar som fler har nytta av publicerar vi här, utan ditt namn.",
        "ask_link_email": "Mejla din fråga till {address}",
        "ask_link_form": "Skicka din fråga i kommunens formulär",
        "ask_privacy": "Skriv inte personnummer, hälsouppgifter eller annat känsligt om dig själv eller andra.",
        "ask_other": "Du kan också kontakta oss på andra sätt:",
        # --- issue 25: the ask page, "Hjälpte svaret dig?" (keep together) ---
        "ask_page_link": "Skriv din fråga",
        "ask_page_intro": "Skriv en kort rubrik och din fråga. Medan du skriver visar vi svar som redan finns i forumet. Hittar du inget skickar du frågan till {org}.",
        "ask_about": "Din fråga gäller ”{title}”.",
        "ask_title_label": "Rubrik",
        "ask_title_hint": "Några ord om vad det gäller, till exempel ”Glömt lösenordet till e-tjänsterna”.",
        "ask_question_label": "Din fråga",
        "ask_question_hint": "Beskriv vad du vill veta eller vad som har hänt.",
        "ask_suggestions_title": "Kanske finns svaret redan här",
        "ask_suggestions_hint": "Skriv några ord, så visar vi svar som liknar din fråga.",
        "ask_suggestions_loading": "Letar efter svar …",
        "ask_suggestions_error": "Vi kunde inte söka bland svaren just nu. Du kan ändå skicka din fråga.",
        "ask_suggestions_0": "Vi hittade inga svar som liknar din fråga. Skicka den till oss.",
        "ask_suggestions_1": "1 svar i forumet liknar din fråga.",
        "ask_suggestions_n": "{n} svar i forumet liknar din fråga.",
        "ask_send_title": "Skicka din fråga",
        "ask_personal_warning": "Det ser ut som att du har skrivit {what}. Ta bort det innan du skickar. Skriv aldrig personuppgifter om dig själv eller andra.",
        "ask_personal_confirm": "Vill du ändå skicka? Välj länken igen.",
        "ask_pd_identity": "ett personnummer",
        "ask_pd_phone": "ett telefonnummer",
        "ask_pd_email": "en e-postadress",
        "ask_and": "och",
        "helpful_question": "Hjälpte svaret dig?",
        "helpful_yes": "Ja",
        "helpful_no": "Nej",
        "helpful_thanks": "Tack för att du svarade!",
        "helpful_ask": "Tack för att du svarade. Hittade du inte svaret?",
        "helpful_ask_link": "Ställ din fråga, så svarar vi",
        # --- end of issue 25's strings ---
        "answered": "Besvarad",
        "unanswered": "Obesvarad",
        "jump_to_answer": "Gå till svaret som löser frågan",
        "jump_to_staff_answer": "Gå till svaret från {org}",
        "reply_link_label": "Länk till svar {n}",
        "updated_on": "Uppdaterad {date}",
        "start_title": "Vad undrar du?",
        "popular_questions": "Populära frågor",
        "faq_more": "Alla vanliga frågor",
        "thread_count_0": "Inga trådar",
        "thread_count_1": "1 tråd",
        "thread_count_n": "{n} trådar",
        "all_threads": "Alla trådar",
        "all_tags": "Alla etiketter",
        "feed_all": "Nya och uppdaterade trådar (Atom-flöde)",
        "feed_category": "Nya och uppdaterade trådar i {name} (Atom-flöde)",
        "search_help_faq": "Läs de vanliga frågorna",
        "search_help_categories": "Eller bläddra bland kategorierna:",
        "type_intro_question": "Frågor som invånare har ställt till {org}, med svaren.",
        "type_intro_problem": "Fel och problem som har anmälts till {org}, och vad som har gjorts.",
        "type_intro_suggestion": "Förslag till {org} och vad som har hänt med dem.",
        "type_intro_praise": "Beröm till {org}s verksamheter.",
        # The preview's banner (torget serve only; scripts/torget_cli/preview.py)
        "preview_heading": "Förhandsvisning: fel i innehållet",
        "preview_left_out_1": "1 fil har fel och visas inte i förhandsvisningen. Resten av webbplatsen visas med "
                              "dina senaste ändringar. Filen kan inte publiceras förrän felen är rättade.",
        "preview_left_out_n": "{n} filer har fel och visas inte i förhandsvisningen. Resten av webbplatsen visas med "
                              "dina senaste ändringar. Filerna kan inte publiceras förrän felen är rättade.",
        "preview_failed": "Förhandsvisningen kunde inte byggas om och visar den senaste versionen som fungerade. "
                          "Rätta felen nedan.",
        "preview_edit": "Öppna {name} i redigeraren",
        "preview_same_name": "Visas inte eftersom en annan fil med samma namn har fel.",
        # The editor's form checks (torget.formchecks, theme/static/js/torget-checks.js)
        "form_check_personal_data": "Ser ut som {what} ({masked}). Allt här publiceras: ta bort det. "
                                    "Är det inte en personuppgift, skriv <!-- not-personal-data --> sist på raden.",
        "form_check_personnummer": "ett personnummer",
        "form_check_samordningsnummer": "ett samordningsnummer",
        "form_check_phone": "ett telefonnummer",
        "form_check_email": "en e-postadress",
        "form_check_reviewed": "Not-personal-data: {entry} är varken personnummer, telefonnummer eller e-postadress.",
        "form_check_placeholder": "Platshållaren {text} står kvar: skriv texten i stället.",
        "form_check_control": "Osynligt tecken U+{code} (rad {line}, tecken {column}): ta bort det. "
                              "Det följer ofta med när man klistrar in från ett ordbehandlingsprogram.",
        "form_check_slug": "Adressen {slug} får bara innehålla a–z, 0–9 och enkla bindestreck.",
        "form_check_accepted": "Bara ett svar kan lösa frågan: {count} svar är markerade.",
        "form_check_reply_date": "Svaret är daterat {date}, före frågan ({question}).",
        "form_check_category": "Kategorin {name} finns inte bland forumets kategorier (TORGET_CATEGORIES): välj en i listan.",
        "form_check_category_option": "{name} (finns inte bland kategorierna)",
        "form_check_html": "Varning: {what} tas bort när texten publiceras.",
        "form_check_html_tag": "HTML-taggen <{tag}>",
        "form_check_html_content": "HTML-taggen <{tag}> med sitt innehåll",
        "form_check_html_attribute": "attributet {name} på <{tag}>",
        "form_check_html_link": "länken {url}",
        "form_check_html_comment": "HTML-kommentaren",
        "form_check_refused": "Sparades inte: {problems}",
        "form_check_at_line": "rad {line}: {message}",
        "form_check_see_fields": "Rätta det som är markerat i formuläret innan du sparar.",
        # search filters, answers and highlighting (issue 26)
        "search_filters": "Avgränsa träffarna",
        "search_filter_type": "Typ",
        "search_filter_category": "Kategori",
        "search_filter_all_categories": "Alla kategorier",
        "search_filter_answered": "Svar",
        "search_filter_answered_any": "Med och utan svar",
        "search_filter_answered_yes": "Besvarade",
        "search_filter_answered_no": "Obesvarade",
        "search_sort": "Ordning",
        "search_sort_relevance": "Bäst matchning först",
        "search_sort_newest": "Nyast först",
        "search_count_filtered": "{n} av {total} träffar för ”{q}” med de valda avgränsningarna.",
        "search_reply_staff": "Svaret från {org},",
        "search_reply_by": "Svar av {author},",
        "highlight_note": "Dina sökord är markerade på sidan.",
        "highlight_remove": "Ta bort markeringarna",
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
        "locked_notice": "This thread is locked: the matter is closed and {org} no longer updates it.",
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
        "personal_matters": "About your own case? Contact us directly, so nothing becomes public.",
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
        "last_answered": "Last answered {date}.",
        "last_updated": "Last updated {date}.",
        "not_answered": "No answer from {org} yet. Asked {date}.",
        "archived_notice": "This thread is archived: it no longer applies and is kept for reference only. It was last updated {date}.",
        "archive_reason": "Why: {reason}",
        "old_notice": "This thread is older than {period} and may be out of date.",
        "age_policy": "Threads older than {period} may be out of date.",
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
        "ask": "Ask a question",
        "ask_not_found": "Didn't find the answer?",
        "ask_search_title": "Didn't find what you were looking for?",
        "ask_text": "Send your question to {org}. You get an answer directly, and answers that help others are published here, without your name.",
        "ask_link_email": "E-mail your question to {address}",
        "ask_link_form": "Send your question through the form",
        "ask_privacy": "Do not include personal identity numbers, health details or anything sensitive about yourself or others.",
        "ask_other": "You can also contact us in other ways:",
        # --- issue 25: the ask page, "Did the answer help you?" (keep together) ---
        "ask_page_link": "Write your question",
        "ask_page_intro": "Write a short title and your question. While you type we show answers the forum already has. If none helps, send your question to {org}.",
        "ask_about": "Your question is about “{title}”.",
        "ask_title_label": "Title",
        "ask_title_hint": "A few words about what it concerns, for example “Forgot my password”.",
        "ask_question_label": "Your question",
        "ask_question_hint": "Describe what you want to know or what happened.",
        "ask_suggestions_title": "Maybe the answer is already here",
        "ask_suggestions_hint": "Type a few words and we show answers like your question.",
        "ask_suggestions_loading": "Looking for answers …",
        "ask_suggestions_error": "We could not search the answers just now. You can still send your question.",
        "ask_suggestions_0": "We found no answers like your question. Send it to us.",
        "ask_suggestions_1": "1 answer in the forum is like your question.",
        "ask_suggestions_n": "{n} answers in the forum are like your question.",
        "ask_send_title": "Send your question",
        "ask_personal_warning": "It looks like you have written {what}. Remove it before you send. Never include personal details about yourself or others.",
        "ask_personal_confirm": "Send anyway? Choose the link again.",
        "ask_pd_identity": "a personal identity number",
        "ask_pd_phone": "a phone number",
        "ask_pd_email": "an e-mail address",
        "ask_and": "and",
        "helpful_question": "Did the answer help you?",
        "helpful_yes": "Yes",
        "helpful_no": "No",
        "helpful_thanks": "Thank you for your answer!",
        "helpful_ask": "Thank you for your answer. Didn't find the answer?",
        "helpful_ask_link": "Ask your question and we will answer",
        # --- end of issue 25's strings ---
        "answered": "Answered",
        "unanswered": "Unanswered",
        "jump_to_answer": "Go to the answer that solves the question",
        "jump_to_staff_answer": "Go to the answer from {org}",
        "reply_link_label": "Link to reply {n}",
        "updated_on": "Updated {date}",
        "start_title": "What do you want to know?",
        "popular_questions": "Popular questions",
        "faq_more": "All frequently asked questions",
        "thread_count_0": "No threads",
        "thread_count_1": "1 thread",
        "thread_count_n": "{n} threads",
        "all_threads": "All threads",
        "all_tags": "All tags",
        "feed_all": "New and updated threads (Atom feed)",
        "feed_category": "New and updated threads in {name} (Atom feed)",
        "search_help_faq": "Read the frequently asked questions",
        "search_help_categories": "Or browse the categories:",
        "type_intro_question": "Questions residents have asked {org}, with the answers.",
        "type_intro_problem": "Faults and problems reported to {org}, and what was done.",
        "type_intro_suggestion": "Suggestions to {org} and what became of them.",
        "type_intro_praise": "Praise for {org}'s services.",
        # The preview's banner (torget serve only; scripts/torget_cli/preview.py)
        "preview_heading": "Preview: errors in the content",
        "preview_left_out_1": "1 file has errors and is left out of the preview. The rest of the site shows your "
                              "latest changes. The file cannot be published until the errors are fixed.",
        "preview_left_out_n": "{n} files have errors and are left out of the preview. The rest of the site shows "
                              "your latest changes. The files cannot be published until the errors are fixed.",
        "preview_failed": "The preview could not be rebuilt and shows the last version that worked. "
                          "Fix the errors below.",
        "preview_edit": "Open {name} in the editor",
        "preview_same_name": "Left out because another file with the same name has errors.",
        # The editor's form checks (torget.formchecks, theme/static/js/torget-checks.js)
        "form_check_personal_data": "This looks like {what} ({masked}). Everything here is published: remove it. "
                                    "If it is not personal data, write <!-- not-personal-data --> at the end of the line.",
        "form_check_personnummer": "a personal identity number",
        "form_check_samordningsnummer": "a coordination number",
        "form_check_phone": "a phone number",
        "form_check_email": "an e-mail address",
        "form_check_reviewed": "Not-personal-data: {entry} is neither a personal identity number, a phone number "
                               "nor an e-mail address.",
        "form_check_placeholder": "The placeholder {text} is still here: write the text instead.",
        "form_check_control": "Invisible character U+{code} (line {line}, column {column}): delete it. "
                              "It often comes along when text is pasted from a word processor.",
        "form_check_slug": "The address {slug} may only contain a-z, 0-9 and single hyphens.",
        "form_check_accepted": "Only one reply can answer the question: {count} replies are marked.",
        "form_check_reply_date": "The reply is dated {date}, before the question ({question}).",
        "form_check_category": "The category {name} is not one of the forum's categories (TORGET_CATEGORIES): "
                               "choose one from the list.",
        "form_check_category_option": "{name} (not one of the categories)",
        "form_check_html": "Warning: {what} is removed when the text is published.",
        "form_check_html_tag": "the HTML tag <{tag}>",
        "form_check_html_content": "the HTML tag <{tag}> with its content",
        "form_check_html_attribute": "the attribute {name} on <{tag}>",
        "form_check_html_link": "the link {url}",
        "form_check_html_comment": "the HTML comment",
        "form_check_refused": "Not saved: {problems}",
        "form_check_at_line": "line {line}: {message}",
        "form_check_see_fields": "Correct what is marked in the form before saving.",
        # search filters, answers and highlighting (issue 26)
        "search_filters": "Narrow the results",
        "search_filter_type": "Type",
        "search_filter_category": "Category",
        "search_filter_all_categories": "All categories",
        "search_filter_answered": "Answer",
        "search_filter_answered_any": "With or without an answer",
        "search_filter_answered_yes": "Answered",
        "search_filter_answered_no": "Unanswered",
        "search_sort": "Order",
        "search_sort_relevance": "Best match first",
        "search_sort_newest": "Newest first",
        "search_count_filtered": "{n} of {total} results for “{q}” with the chosen filters.",
        "search_reply_staff": "The answer from {org},",
        "search_reply_by": "Reply by {author},",
        "highlight_note": "Your search words are highlighted on this page.",
        "highlight_remove": "Remove the highlighting",
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

    def thread_count(self, n: int) -> str:
        key = "thread_count_0" if n == 0 else "thread_count_1" if n == 1 else "thread_count_n"
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
