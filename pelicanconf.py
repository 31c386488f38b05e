"""Settings for the sample forum, Ekbacka kommun's "Fråga kommunen".

Every Torget setting is documented in docs/settings.md. Pelican's own
settings are documented at https://docs.getpelican.com/en/latest/settings.html.
"""

# --- Site -------------------------------------------------------------------
SITENAME = "Fråga Ekbacka"
SITEURL = ""
DEFAULT_LANG = "sv"
TIMEZONE = "Europe/Stockholm"

TORGET_ORGANISATION = "Ekbacka kommun"
TORGET_WELCOME = (
    "Här svarar Ekbacka kommun på frågor, problem, förslag och beröm om kommunens "
    "service. Sök bland tidigare svar eller läs de vanligaste frågorna."
)
TORGET_WARNING = (
    "Skriv aldrig personnummer, adress, hälsouppgifter eller annat om dig själv "
    "eller andra i forumet. Allt som publiceras är allmän handling."
)
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

# --- Content layout ---------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["posts", "faq"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "torget_threads",
    "torget_archive",
    "torget_relevance",
    "torget_listings",
    "torget_jsonld",
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

DIRECT_TEMPLATES = ["index", "categories", "tags", "faq", "404"]
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
# Feeds need absolute URLs, so they are switched on in publishconf.py.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
FEED_ALL_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Sitemap (pelican-sitemap) ----------------------------------------------
# Listing pages have no date of their own, and the sitemap plugin would stamp
# them with the clock, which breaks byte-identical builds. Threads and pages
# carry their dates; crawlers find listings through links.
SITEMAP = {
    "format": "xml",
    "exclude": [r"^$", r"^category/", r"^tag/", r"^type/", r"^faq/$", r"^404"],
}

# --- Rendering --------------------------------------------------------------
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
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
