"""Settings for the sample forum, Ekbacka kommun's "Fråga kommunen".

Every Torget setting is documented in docs/settings.md. Pelican's own
settings are documented at https://docs.getpelican.com/en/latest/settings.html.
"""

# --- Site -------------------------------------------------------------------
SITENAME = "Fråga Ekbacka"
SITEURL = ""
DEFAULT_LANG = "sv"
TIMEZONE = "Europe/Stockholm"
# Pelican's own date text (article.locale_date). Torget's pages format dates
# in the forum's language themselves; ISO dates are the Swedish standard and
# the cheapest for Pelican to format 10,000 times.
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

TORGET_ORGANISATION = "Ekbacka kommun"
TORGET_WELCOME = (
    "Här svarar Ekbacka kommun på frågor, problem, förslag och beröm om kommunens service."
)
TORGET_WARNING = (
    "Skriv aldrig personnummer, adress, hälsouppgifter eller annat känsligt om dig "
    "själv eller andra i din fråga. Frågor och svar som publiceras här är allmän handling."
)
# Where residents send a new question: shown on the start page, every
# thread, a search with few results and every other page's end. An e-mail
# address (with subject and body templates) or a form address, e.g.
#   TORGET_ASK = {"url": "https://www.ekbacka.se/fraga?fraga={query}&sida={url}"}
TORGET_ASK = {
    "email": "kontakt@ekbacka.se",
    "subject": "Fråga till kommunen: {query}",
    "body": "{query}\n\n(Skickat från {url})",
}
TORGET_TYPE_INTROS = {
    "question": "Frågor som invånare har skickat till Ekbacka kommun, med kommunens svar.",
    "problem": "Fel och problem som invånare har anmält, och vad kommunen har gjort åt dem.",
    "suggestion": "Förslag från invånare och vad som har hänt med dem. Förslag med många röster tar vi upp först.",
    "praise": "Beröm till kommunens medarbetare och verksamheter. Tack för att ni hör av er!",
}
TORGET_DESCRIPTION = "Ekbacka kommuns forum för frågor och svar om kommunens service."
TORGET_ABOUT_PAGE = "om-forumet"
TORGET_POLICY_PAGE = "regler"
TORGET_LINKS = [
    ("ekbacka.se", "https://www.ekbacka.se/"),
]
TORGET_CONTACT_LINKS = [
    ("Ring Kontaktcenter 0123-45 67 00", "tel:+46123456700"),
    ("Mejla kontakt@ekbacka.se", "mailto:kontakt@ekbacka.se"),
    ("Mina sidor – e-tjänster", "https://www.ekbacka.se/mina-sidor"),
]
TORGET_REPORT_URL = (
    "mailto:kontakt@ekbacka.se?subject=Anm%C3%A4lan%20av%20inl%C3%A4gg&body={url}"
)
TORGET_STAFF_DISPLAY = "named"

# --- Categories (docs/content-format.md) -------------------------------------
# Every thread's Category must be one of these: `torget check` and
# `torget build` stop on a misspelled one and suggest the closest. The
# description is shown on the category page; "slug" would set its URL name.
TORGET_CATEGORIES = {
    "Avfall och återvinning": {
        "description": "Sophämtning, sortering, återvinningscentralen och farligt avfall.",
    },
    "Bygga och bo": {
        "description": "Bygglov, vatten och avlopp, bostadsanpassning och att bo i kommunen.",
    },
    "E-tjänster och inloggning": {
        "description": "Mina sidor, e-legitimation och kommunens e-tjänster.",
    },
    "Förskola och skola": {
        "description": "Förskoleplats, skolval, skolskjuts, ledighet och fritidshem.",
    },
    "Gator, parker och trafik": {
        "description": "Felanmälan, gatubelysning, parkering, snöröjning och kollektivtrafik.",
    },
    "Kultur och fritid": {
        "description": "Bibliotek, badhus, idrottshallar, föreningar och evenemang.",
    },
    "Omsorg och stöd": {
        "description": "Hemtjänst, äldreboenden, färdtjänst, god man och stöd till anhöriga.",
    },
}

# --- Time and relevance (docs/relevance.md) ---------------------------------
# The build date every time-based feature reads; empty means today in TIMEZONE.
# `torget build --date YYYY-MM-DD` overrides it.
TORGET_BUILD_DATE = ""
TORGET_OLD_AFTER = "1 year"
TORGET_DECAY_PERIOD = "3 months"
TORGET_CATEGORY_SETTINGS = {
    "Kultur och fritid": {"old_after": "6 months", "decay_period": "1 month"},
}
TORGET_LIST_SIZE = 5

# --- Search statistics (docs/governance.md#search-statistics-with-matomo) --
# Report each submitted search to the organisation's own Matomo as a site
# search. Off unless both are set; then add Matomo's origin to connect-src.
TORGET_MATOMO_URL = ""
TORGET_MATOMO_SITE_ID = ""

# --- Content layout ---------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["posts", "faq"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
# Hidden files (an editor's lock file .#x.md), backups (x.md~) and Emacs'
# autosaves (#x.md#) are neither read nor checked. `torget check` reads
# exactly what this lets Pelican read.
IGNORE_FILES = [".*", "*~", "#*#"]
# Only Markdown is published: raw HTML and reStructuredText files would
# bypass Torget's checks and its HTML sanitizer (`torget check` refuses them).
READERS = {"html": None, "htm": None, "rst": None}
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "torget_threads",
    "torget_archive",
    "torget_relevance",
    "torget_listings",
    "torget_jsonld",
    "torget_search",
    "torget_governance",
    "torget_api",
    "torget_feeds",
    "torget_incremental",
    "torget_admin",
    "torget_removed",
    "torget_crawlers",
    "torget_ask",
    "pelican.plugins.sitemap",
]

ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = "category/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"
FAQ_ENTRY_URL = "faq/{slug}/"
FAQ_ENTRY_SAVE_AS = "faq/{slug}/index.html"
TYPE_URL = "type/{slug}/"
TYPE_SAVE_AS = "type/{slug}/index.html"

# Askers are private people: no per-author pages.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

DIRECT_TEMPLATES = ["index", "categories", "tags", "faq", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# Words residents use for what the forum calls otherwise (docs/settings.md):
# a search for one word of a group also finds the others, ranked a little
# below the word itself.
TORGET_SEARCH_SYNONYMS = [
    "soptunna, sopkärl, soptunnor, kärl",
    "sophämtning, tömning, hämtning, sopbil",
    "bibliotekskort, lånekort",
    "e-legitimation, BankID, Freja",
    "inloggning, logga in",
    "lösenord, kod",
    "gatlampa, gatubelysning, belysning, lyktstolpe",
    "potthål, gropar, hål i vägen",
    "snöröjning, plogning, snöplogning",
    "förskola, dagis",
    "färdtjänst, taxi",
    "grovavfall, skrymmande avfall",
    "återvinningscentral, tippen, ÅVC",
    "hemtjänst, hemhjälp",
    "trygghetslarm, larm",
    "skolskjuts, skolbuss",
    "laddstolpe, laddstolpar, elbilsladdning",
    "bygglov, bygglovsansökan",
    "altan, trall, uteplats",
    "faktura, räkning",
]
FAQ_URL = "faq/"
FAQ_SAVE_AS = "faq/index.html"
INDEX_SAVE_AS = "index.html"
PAGINATED_TEMPLATES = {"category": None, "tag": None, "type": None}
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/sida/{number}/", "{base_name}/sida/{number}/index.html"),
)
ARTICLE_ORDER_BY = "reversed-last_activity"

# --- Feeds ------------------------------------------------------------------
# One Atom feed for the whole forum and one per category, linked from the
# start page, the category pages and every footer. Atom entries need
# absolute addresses: the torget_feeds plugin takes them from FEED_DOMAIN
# while SITEURL is empty. Here that is where `torget serve` serves by
# default (it sets its own address when it builds); publishconf.py uses
# SITEURL. A fixed value keeps builds byte-identical.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Sitemap (pelican-sitemap) and robots.txt -------------------------------
# The pages a resident should land on from a search engine: every published
# thread and FAQ entry, the start page, the FAQ list, each category's first
# page and the pages (about, rules, accessibility statement). Left out:
# tag, type and category-overview pages and further listing pages (/sida/N/),
# which repeat what the others lead to; the search page, the statistics page,
# 404 and /admin/ (noindex); archived threads (hidden). docs/deploying.md
# explains the choice. The torget_crawlers plugin dates listing pages with
# the build date and writes robots.txt, which names this sitemap.
SITEMAP = {
    "format": "xml",
    "exclude": [r"^category/$", r"(^|/)sida/\d+/$", r"^tag/", r"^type/", r"^search/", r"^404", r"^admin/"],
}

# --- Rendering --------------------------------------------------------------
# jinja2.ext.i18n: the templates' _(), ngettext() and pgettext(); the catalog of
# DEFAULT_LANG is installed by the torget_threads plugin (docs/translating.md).
JINJA_ENVIRONMENT = {
    "trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": ["jinja2.ext.i18n"],
}
MARKDOWN = {
    "extension_configs": {
        # Table alignment as align="…", not inline styles, which the
        # sanitizer removes (docs/content-format.md, HTML in posts).
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True}},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
SUMMARY_MAX_LENGTH = 40
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
# A forum has one language and no translations. Pelican's translation
# grouping tests every article against the list of all others: quadratic,
# more than ten minutes of a 100,000-thread build. Duplicate slugs, which
# it would also warn about, are errors of `torget check`.
ARTICLE_TRANSLATION_ID = None
# The cache stays on the build machine: compressing it costs more time on
# every build (about 3 s at 10,000 threads) than it saves disk.
GZIP_CACHE = False

# --- The editor at /admin/ (docs/editing.md) -------------------------------
# Decap CMS edits the content in the browser. In the preview it saves
# through decap-server on this machine (`torget serve --cms` starts it);
# publishconf.py builds /admin/ only when a backend is set here, e.g. the
# organisation's own GitLab (docs/settings.md, TORGET_CMS):
#   TORGET_CMS = {
#       "backend": "gitlab", "repo": "kommunikation/forum", "branch": "main",
#       "base_url": "https://gitlab.ekbacka.se", "app_id": "<OAuth application ID>",
#       "local_backend": True,
#   }
TORGET_CMS = {"local_backend": True}

# --- Channel governance (docs/governance.md) --------------------------------
# The channel's entry in Ekbacka kommun's channel register. `torget check`
# reports missing fields; `torget channel` prints it (--json for filing).
# Goals with a "statistic" are shown next to their actual value by
# `torget stats` and on the editors' statistics page.
TORGET_CHANNEL = {
    "url": "https://forum.ekbacka.se",
    "unit": "Kommunledningsförvaltningen, Kontaktcenter",
    "purpose": (
        "Ge invånare, företagare och besökare snabba, öppna svar på frågor om kommunens "
        "service, så att fler hittar svaret själva och färre behöver ringa eller mejla "
        "om samma sak. Forumet tar också emot felanmälningar, förslag och beröm och gör "
        "dem synliga för alla."
    ),
    "audience": (
        "Invånare i Ekbacka kommun, särskilt de som i dag ringer Kontaktcenter med "
        "allmänna frågor om avfall, bygglov, förskola och skola, e-tjänster och "
        "trafik. Även företagare, föreningar och besökare."
    ),
    "quantitative_goals": [
        {"metric": "Andel trådar som får svar från kommunen", "target": 90,
         "statistic": "staff_answer_percent"},
        {"metric": "Andel trådar som får svar från kommunen inom två arbetsdagar", "target": 80,
         "statistic": "staff_reply_within_2_workdays_percent"},
        {"metric": "Mediantid från fråga till första svar från kommunen (timmar)", "target": 16,
         "statistic": "median_first_staff_reply_hours"},
        {"metric": "Andel frågor och problem med ett svar som löser frågan", "target": 75,
         "statistic": "accepted_percent"},
        {"metric": "Antal vanliga frågor i forumet", "target": 10, "statistic": "faq_entries"},
        {"metric": "Samtal till Kontaktcenter om sophämtning och bygglov",
         "target": "10 % färre än 2020", "source": "Kontaktcenters samtalsstatistik, årsvis"},
    ],
    "qualitative_goals": [
        {"goal": "Invånarna upplever att svaren i forumet är tydliga, vänliga och hjälper dem vidare.",
         "follow_up": "Kort enkät till forumets besökare varje höst, och genomgång av beröm och klagomål."},
        {"goal": "Svaren stämmer med kommunens beslut, taxor och regler.",
         "follow_up": "Förvaltningarna granskar ett stickprov på tio trådar var varje kvartal."},
    ],
    "readiness": {
        "monitored_by": (
            "Kontaktcenter: tre handläggare i rullande schema, med en namngiven "
            "forumansvarig per dag. Sakfrågor skickas till respektive förvaltning."
        ),
        "hours": "Vardagar klockan 8–17.",
        "out_of_hours": (
            "Forumet bevakas inte kvällar, helger och helgdagar. Inlägg besvaras nästa "
            "arbetsdag. Akuta ärenden hänvisas till växeln 0123-45 67 00, som kopplar "
            "till kommunens jour."
        ),
        "response_time": "Svar inom två arbetsdagar.",
        "absence": "Under semesterperioden delar två handläggare på bevakningen; schemat läggs i april.",
        "crisis": (
            "Vid kris eller stor belastning bevakar Kontaktcenter forumet även kvällar och "
            "helger enligt kommunens krisledningsplan, och kommunikationsenheten skriver "
            "ett samlat svar som fästs överst."
        ),
    },
    "manager": {"name": "Anna Berg", "role": "enhetschef, Kontaktcenter"},
    "start_date": "2021-02-01",
    "review_date": "2027-02-01",
    "decision": "Beslutad av kommundirektören 2021-01-15 efter samråd med kommunikationschefen.",
}

# Topics the about page (TORGET_ABOUT_PAGE) must cover. The Swedish or
# English defaults follow DEFAULT_LANG; add or replace topics here, or set
# a topic to None to drop it, e.g.
#   TORGET_ABOUT_TOPICS = {"report": {"label": "anmälan", "requires": [["anmäl"]]}}
TORGET_ABOUT_TOPICS = {}

# The organisation's own published contact details: the personal-data guard
# of `torget check` and `torget build` does not report them (docs/governance.md).
TORGET_ALLOWED_CONTACTS = [
    "0123-45 67 00",
    "kontakt@ekbacka.se",
]

# Threads taken back (`torget forget`, docs/governance.md#taking-something-back):
# each address, as in the thread's link ("posts/<slug>/"), shows the page
# "Tråden har tagits bort" instead of a 404. `torget forget` adds it here.
TORGET_REMOVED = []

# The accessibility statement (tillgänglighetsredogörelse), published at
# /tillganglighetsredogorelse/ and linked from every page's footer.
TORGET_ACCESSIBILITY = {
    "status": "partial",
    "shortcomings": [
        {
            "description": (
                "Bilder som besökare och medarbetare har laddat upp i äldre trådar "
                "saknar i vissa fall textalternativ."
            ),
            "reason": "Bilderna publicerades innan textalternativ blev obligatoriska i forumets rutiner.",
            "category": "non_compliance",
            "criteria": ["1.1.1"],
            "fix": "Vi går igenom trådarna och lägger till textalternativ senast 2027-06-30.",
        },
        {
            "description": (
                "Sökfunktionen kräver JavaScript. Utan JavaScript går det att hitta "
                "trådar via kategorier och vanliga frågor, men inte att söka i fritext."
            ),
            "reason": "Forumet är en statisk webbplats utan server som kan söka.",
            "category": "disproportionate_burden",
        },
        {
            "description": "Inskannade PDF-dokument som länkas från trådar som publicerades före 23 september 2018.",
            "reason": "Dokument publicerade före 23 september 2018 omfattas inte av lagen.",
            "category": "out_of_scope",
        },
    ],
    "assessed": "2026-09-15",
    "updated": "2026-10-01",
    "published": "2021-02-01",
    "method": (
        "Vi har gjort en självskattning (intern granskning) av webbplatsen mot WCAG 2.1 "
        "nivå AA: automatiska tester med axe på alla sidmallar, manuell granskning med "
        "tangentbord och skärmläsare (NVDA och VoiceOver) och förstoring till 400 procent."
    ),
    "feedback": {
        "email": "kontakt@ekbacka.se",
        "phone": "0123-45 67 00",
        "response_time": "Vi svarar inom fem arbetsdagar.",
    },
}

# The editors' statistics page: noindex, not linked, not in the sitemap.
# An empty TORGET_STATS_URL turns the page off; `torget stats` still works.
TORGET_STATS_URL = "statistik/"
TORGET_STATS_MONTHS = 12
TORGET_STATS_TOP = 10
