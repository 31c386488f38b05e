"""Swedish and English text for channel governance.

The channel register entry (``torget channel``), the statistics
(``torget stats`` and the editors' statistics page) and the accessibility
statement speak the site's language, ``DEFAULT_LANG``. The strings live
here rather than in :mod:`torget.i18n` so that they stay together with the
features that use them; :class:`GovernanceTranslator` adds them to the
forum's own strings and date formatting.
"""

from __future__ import annotations

from .i18n import MONTHS, Translator

GOVERNANCE_STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        # Channel register entry
        "channel_title": "Kanalregister: {name}",
        "channel_name": "Kanal",
        "channel_url": "Webbadress",
        "channel_organisation": "Organisation",
        "channel_unit": "Ansvarig enhet",
        "channel_purpose": "Syfte",
        "channel_audience": "Målgrupp",
        "channel_quantitative": "Kvantitativa mål",
        "channel_qualitative": "Kvalitativa mål",
        "channel_metric": "Mått",
        "channel_target": "Mål",
        "channel_statistic": "Jämförs med",
        "channel_source": "Mäts i",
        "channel_follow_up": "Uppföljning",
        "channel_readiness": "Resursplanering och beredskap",
        "channel_monitored_by": "Bevakas av",
        "channel_hours": "Bevakningstid",
        "channel_out_of_hours": "Utanför bevakningstid",
        "channel_response_time": "Svarstid",
        "channel_absence": "Vid semester och frånvaro",
        "channel_crisis": "Vid kris eller stor belastning",
        "channel_manager": "Ansvarig chef",
        "channel_start_date": "Startdatum",
        "channel_review_date": "Nästa översyn",
        "channel_decision": "Beslut",
        "channel_missing": "(saknas)",
        "compare_at_least": "minst",
        "compare_at_most": "högst",
        # Statistics
        "stats_title": "Statistik för redaktörer",
        "stats_intro": "Sidan är till för forumets redaktörer och följer upp målen i kanalregistret. Den länkas inte från menyerna och visas inte i sökmotorer eller webbplatskartan.",
        "stats_period": "Siffrorna gäller trådar skrivna {start}–{end} ({months} månader). De räknades fram när webbplatsen byggdes den {date}.",
        "stats_goals": "Mål och utfall",
        "stats_goal_metric": "Mått",
        "stats_goal_target": "Mål",
        "stats_goal_actual": "Utfall",
        "stats_goal_status": "Status",
        "stats_goal_met": "Uppnått",
        "stats_goal_not_met": "Inte uppnått",
        "stats_goal_external": "Mäts utanför forumet: {source}",
        "stats_goal_no_data": "Inget underlag",
        "stats_goal_qualitative": "Kvalitativt mål",
        "stats_no_goals": "Kanalregistret (TORGET_CHANNEL) har inga mål ännu.",
        "stats_key_figures": "Nyckeltal",
        "stats_months_title": "Trådar per månad och typ",
        "stats_months_desc": "Staplat stapeldiagram med antalet nya trådar per månad, uppdelat på typ, {start}–{end}. Totalt {total} trådar; flest i {busiest} ({most}). Alla värden finns i tabellen under diagrammet.",
        "stats_month": "Månad",
        "stats_total": "Totalt",
        "stats_share_title": "Andel trådar med svar från {org} per månad",
        "stats_share_desc": "Stapeldiagram med andelen trådar som har fått svar från {org}, per månad. Alla värden finns i tabellen under diagrammet.",
        "stats_share": "Andel med svar",
        "stats_most_viewed": "Mest visade trådar",
        "stats_most_viewed_desc": "Liggande stapeldiagram med antalet visningar för de {n} mest visade publika trådarna och vanliga frågorna. Flest visningar har {first} ({views}). Alla värden finns i tabellen under diagrammet.",
        "stats_most_viewed_note": "Listan visar bara publika trådar och vanliga frågor. Arkiverade trådar räknas i siffrorna men visas aldrig med namn.",
        "stats_thread": "Tråd",
        "stats_views": "Visningar",
        "stats_kind": "Typ",
        "stats_faq": "Vanlig fråga",
        "stats_none": "Inga trådar under perioden.",
        "stats_hours": "{n} timmar",
        "stats_percent": "{n} %",
        # Statistic names (goals can refer to them in TORGET_CHANNEL)
        "statistic_threads_in_period": "Nya trådar under perioden",
        "statistic_threads_per_month": "Nya trådar per månad (medel)",
        "statistic_with_staff_answer": "Trådar med svar från {org}",
        "statistic_staff_answer_percent": "Andel trådar med svar från {org}",
        "statistic_median_first_staff_reply_hours": "Mediantid från fråga till första svar från {org}",
        "statistic_staff_reply_within_2_workdays_percent": "Andel trådar med svar från {org} inom två arbetsdagar",
        "statistic_accepted_percent": "Andel frågor och problem med ett svar som löser frågan",
        "statistic_archived_count": "Arkiverade trådar och vanliga frågor (totalt)",
        "statistic_public_threads": "Publika trådar och vanliga frågor (totalt)",
        "statistic_faq_entries": "Vanliga frågor (publika)",
        "statistic_views_total": "Visningar av publika trådar och vanliga frågor (totalt)",
        # Accessibility statement
        "a11y_link": "Tillgänglighetsredogörelse",
        "a11y_title": "Tillgänglighetsredogörelse för {service}",
        "a11y_intro": "{org} står bakom {service}. Vi vill att så många som möjligt ska kunna använda webbplatsen. Här beskriver vi hur {service} uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka kända brister som finns och hur du kan rapportera brister till oss så att vi kan åtgärda dem.",
        "a11y_how_accessible": "Hur tillgänglig är webbplatsen?",
        "a11y_status_full": "{service} är helt förenlig med lagen om tillgänglighet till digital offentlig service.",
        "a11y_status_partial": "{service} är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.",
        "a11y_status_none": "{service} är inte förenlig med lagen om tillgänglighet till digital offentlig service. De brister vi känner till beskrivs nedan.",
        "a11y_status_label_full": "Helt förenlig",
        "a11y_status_label_partial": "Delvis förenlig",
        "a11y_status_label_none": "Inte förenlig",
        "a11y_compliance": "Förenlighet med lagen",
        "a11y_shortcomings": "Innehåll som inte är tillgängligt",
        "a11y_no_shortcomings": "Vi känner inte till några brister i webbplatsens tillgänglighet.",
        "a11y_category_non_compliance": "Bristande förenlighet med lagkravet",
        "a11y_category_disproportionate_burden": "Oskäligt betungande anpassning",
        "a11y_category_out_of_scope": "Innehåll som inte omfattas av lagstiftningen",
        "a11y_reason": "Orsak",
        "a11y_criteria": "Krav i WCAG 2.1",
        "a11y_fix": "Åtgärd",
        "a11y_cannot_use": "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "a11y_cannot_use_text": "Om du behöver innehåll från {service} som inte är tillgängligt för dig kan du kontakta oss, så hjälper vi dig att få det på ett annat sätt:",
        "a11y_report": "Rapportera brister i webbplatsens tillgänglighet",
        "a11y_report_text": "Vi arbetar hela tiden med att förbättra webbplatsens tillgänglighet. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du tycker att vi inte uppfyller lagens krav, kontakta oss så att vi får veta att problemet finns.",
        "a11y_email": "E-post",
        "a11y_phone": "Telefon",
        "a11y_form": "Kontaktformulär",
        "a11y_response_time": "Svarstid",
        "a11y_supervision": "Tillsyn",
        "a11y_supervision_text": "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn enligt lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det.",
        "a11y_complaint_link": "Anmäl bristande tillgänglighet till Myndigheten för digital förvaltning",
        "a11y_testing": "Hur vi har testat webbplatsen",
        "a11y_assessed": "Den senaste bedömningen gjordes den {date}.",
        "a11y_published": "Webbplatsen publicerades den {date}.",
        "a11y_updated": "Redogörelsen uppdaterades senast den {date}.",
    },
    "en": {
        "channel_title": "Channel register: {name}",
        "channel_name": "Channel",
        "channel_url": "Address",
        "channel_organisation": "Organisation",
        "channel_unit": "Responsible unit",
        "channel_purpose": "Purpose",
        "channel_audience": "Target audience",
        "channel_quantitative": "Quantitative goals",
        "channel_qualitative": "Qualitative goals",
        "channel_metric": "Metric",
        "channel_target": "Target",
        "channel_statistic": "Compared with",
        "channel_source": "Measured in",
        "channel_follow_up": "Follow-up",
        "channel_readiness": "Resource planning and readiness",
        "channel_monitored_by": "Monitored by",
        "channel_hours": "Monitoring hours",
        "channel_out_of_hours": "Out of hours",
        "channel_response_time": "Response time",
        "channel_absence": "During holidays and absence",
        "channel_crisis": "In a crisis or under heavy load",
        "channel_manager": "Responsible manager",
        "channel_start_date": "Start date",
        "channel_review_date": "Next review",
        "channel_decision": "Decision",
        "channel_missing": "(missing)",
        "compare_at_least": "at least",
        "compare_at_most": "at most",
        "stats_title": "Statistics for editors",
        "stats_intro": "This page is for the forum's editors and follows up the goals in the channel register. It is not linked from the menus and is hidden from search engines and the sitemap.",
        "stats_period": "The figures cover threads posted {start}–{end} ({months} months). They were computed when the site was built on {date}.",
        "stats_goals": "Goals and results",
        "stats_goal_metric": "Metric",
        "stats_goal_target": "Target",
        "stats_goal_actual": "Actual",
        "stats_goal_status": "Status",
        "stats_goal_met": "Met",
        "stats_goal_not_met": "Not met",
        "stats_goal_external": "Measured outside the forum: {source}",
        "stats_goal_no_data": "No data",
        "stats_goal_qualitative": "Qualitative goal",
        "stats_no_goals": "The channel register (TORGET_CHANNEL) has no goals yet.",
        "stats_key_figures": "Key figures",
        "stats_months_title": "Threads per month and type",
        "stats_months_desc": "Stacked bar chart of new threads per month by type, {start}–{end}. {total} threads in all; most in {busiest} ({most}). Every value is in the table below the chart.",
        "stats_month": "Month",
        "stats_total": "Total",
        "stats_share_title": "Share of threads answered by {org} per month",
        "stats_share_desc": "Bar chart of the share of threads answered by {org}, per month. Every value is in the table below the chart.",
        "stats_share": "Share answered",
        "stats_most_viewed": "Most viewed threads",
        "stats_most_viewed_desc": "Horizontal bar chart of the views of the {n} most viewed public threads and FAQ entries. Most viewed is {first} ({views}). Every value is in the table below the chart.",
        "stats_most_viewed_note": "Only public threads and FAQ entries are listed. Archived threads count in the figures but are never listed by title.",
        "stats_thread": "Thread",
        "stats_views": "Views",
        "stats_kind": "Type",
        "stats_faq": "FAQ",
        "stats_none": "No threads in this period.",
        "stats_hours": "{n} hours",
        "stats_percent": "{n} %",
        "statistic_threads_in_period": "New threads in the period",
        "statistic_threads_per_month": "New threads per month (mean)",
        "statistic_with_staff_answer": "Threads answered by {org}",
        "statistic_staff_answer_percent": "Share of threads answered by {org}",
        "statistic_median_first_staff_reply_hours": "Median time from question to first answer by {org}",
        "statistic_staff_reply_within_2_workdays_percent": "Share of threads answered by {org} within two working days",
        "statistic_accepted_percent": "Share of questions and problems with an answer that solves them",
        "statistic_archived_count": "Archived threads and FAQ entries (all time)",
        "statistic_public_threads": "Public threads and FAQ entries (all time)",
        "statistic_faq_entries": "FAQ entries (public)",
        "statistic_views_total": "Views of public threads and FAQ entries (all time)",
        "a11y_link": "Accessibility statement",
        "a11y_title": "Accessibility statement for {service}",
        "a11y_intro": "{org} is responsible for {service}. We want as many people as possible to be able to use this website. This statement describes how {service} complies with the Swedish Act on accessibility to digital public services (2018:1937), the accessibility problems we know of, and how you can report problems to us so that we can fix them.",
        "a11y_how_accessible": "How accessible is the website?",
        "a11y_status_full": "{service} is fully compliant with the Act on accessibility to digital public services.",
        "a11y_status_partial": "{service} is partially compliant with the Act on accessibility to digital public services, due to the problems described below.",
        "a11y_status_none": "{service} is not compliant with the Act on accessibility to digital public services. The problems we know of are described below.",
        "a11y_status_label_full": "Fully compliant",
        "a11y_status_label_partial": "Partially compliant",
        "a11y_status_label_none": "Not compliant",
        "a11y_compliance": "Compliance status",
        "a11y_shortcomings": "Non-accessible content",
        "a11y_no_shortcomings": "We know of no accessibility problems on this website.",
        "a11y_category_non_compliance": "Non-compliance with the legal requirements",
        "a11y_category_disproportionate_burden": "Disproportionate burden",
        "a11y_category_out_of_scope": "Content outside the scope of the legislation",
        "a11y_reason": "Reason",
        "a11y_criteria": "WCAG 2.1 requirements",
        "a11y_fix": "Planned fix",
        "a11y_cannot_use": "What can you do if you cannot use parts of the website?",
        "a11y_cannot_use_text": "If you need content from {service} that is not accessible to you, contact us and we will help you get it in another way:",
        "a11y_report": "Reporting accessibility problems",
        "a11y_report_text": "We are always working to improve the accessibility of the website. If you find problems that are not described on this page, or you think that we do not meet the requirements of the law, please tell us so that we know about the problem.",
        "a11y_email": "E-mail",
        "a11y_phone": "Phone",
        "a11y_form": "Contact form",
        "a11y_response_time": "Response time",
        "a11y_supervision": "Enforcement",
        "a11y_supervision_text": "The Agency for Digital Government (Digg) is responsible for enforcing the Act on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact Digg.",
        "a11y_complaint_link": "Report an accessibility problem to the Agency for Digital Government",
        "a11y_testing": "How we tested the website",
        "a11y_assessed": "The latest assessment was made on {date}.",
        "a11y_published": "The website was published on {date}.",
        "a11y_updated": "This statement was last updated on {date}.",
    },
}


class GovernanceTranslator(Translator):
    """The forum's strings plus the governance strings, and number formats."""

    def __init__(self, lang: str):
        super().__init__(lang)
        self.strings = {**self.strings, **GOVERNANCE_STRINGS[self.lang]}

    def number(self, value: float | int | None, decimals: int = 1) -> str:
        """``1 234,5`` in Swedish, ``1,234.5`` in English; ``–`` for no value."""
        if value is None:
            return "–"
        if isinstance(value, int) or float(value).is_integer():
            text = f"{int(value):,}"
        else:
            text = f"{value:,.{decimals}f}"
        if self.lang == "sv":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    def figure(self, value: float | int | None, unit: str = "count") -> str:
        """A statistic with its unit: ``83,3 %``, ``12,7 timmar``, ``1 234``."""
        if value is None:
            return "–"
        if unit == "percent":
            return self("stats_percent", n=self.number(value))
        if unit == "hours":
            return self("stats_hours", n=self.number(value))
        return self.number(value)

    def target(self, target: float | int | str, compare: str, unit: str) -> str:
        """A goal's target: ``minst 90 %``; a text target as it is."""
        if isinstance(target, str):
            return target
        return f"{self('compare_' + compare)} {self.figure(target, unit)}"

    def month(self, year: int, month: int) -> str:
        """``november 2026`` / ``November 2026``."""
        return f"{MONTHS[self.lang][month - 1]} {year}"
