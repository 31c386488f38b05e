"""What every template gets: the forum's language, settings and helpers."""

from __future__ import annotations

from markupsafe import Markup

from torget.addresses import reply_anchor
from torget.html.phones import phone_links
from torget.html.rendering import shift_headings
from torget.i18n import TYPE_INTROS, Dates, current_language, month_names, period, translations, type_name, use_language
from torget.settings.forum import ForumSettings


def use_forum_language(pelican) -> None:
    """Speak the forum's language (``DEFAULT_LANG``) in this run's messages and pages."""
    use_language(pelican.settings.get("DEFAULT_LANG", "sv"))


def add_template_helpers(generator) -> None:
    """Install the catalog (``_``, ``ngettext``, ``pgettext``) and give
    templates ``forum``, the ``date_text``, ``type_name``, ``phone_links``
    and ``shift_headings`` filters and the ``period``, ``month_names`` and
    ``type_intros`` helpers."""
    forum = ForumSettings.from_pelican(generator.settings)
    if "jinja2.ext.InternationalizationExtension" not in generator.env.extensions:
        generator.env.add_extension("jinja2.ext.i18n")  # a settings file older than the catalogs
    generator.env.install_gettext_translations(translations(current_language()), newstyle=True)
    generator.env.globals.update(forum=forum, period=period, month_names=month_names, type_intros=TYPE_INTROS,
                                 reply_anchor=reply_anchor)
    generator.env.filters.update(
        date_text=Dates(forum.timezone),
        type_name=type_name,
        phone_links=lambda fragment: Markup(phone_links(str(fragment))),
        shift_headings=lambda fragment, by=1: Markup(shift_headings(str(fragment), by)),
    )
