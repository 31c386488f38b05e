"""Swedish and English text for taking content back.

The removed thread's page (plugin ``torget_removed``) and ``torget
forget``'s questions, report and errors speak the site's language,
``DEFAULT_LANG``. The strings live here, together, beside the feature;
:class:`RemovalTranslator` adds them to the forum's own strings.
"""

from __future__ import annotations

from .i18n import Translator

REMOVAL_STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        # The page at a removed thread's address
        "removed_title": "Tråden har tagits bort",
        "removed_text": "{org} har tagit bort tråden som fanns på den här adressen, till exempel för att den som "
                        "skrev den bad om det eller för att den innehöll personuppgifter.",
        "removed_next": "Sök efter svar på samma fråga i andra trådar, eller ställ din fråga till oss.",
        "removed_search": "Sök i forumet",
        "removed_home": "Till startsidan",
        "removed_still_there": "{url!r} är fortfarande adressen till {path}; ta bort filen (torget forget) "
                               "eller adressen ur listan",
        # torget forget: errors
        "forget_nothing": "ange en tråd (SÖKVÄG eller SLUG) eller --text TEXT",
        "forget_no_thread": "{target}: ingen tråd eller vanlig fråga med den sökvägen eller sluggen i {folders}",
        "forget_ambiguous": "{target}: flera filer har den sluggen ({paths}); ange sökvägen",
        "forget_page": "{target}: är en sida, inte en tråd eller vanlig fråga; torget forget tar bort trådar "
                       "och vanliga frågor (en sida tar du bort med git rm)",
        "forget_text_bad": "--text {masked}: texten får inte innehålla radbrytningar eller '==>'",
        "forget_replacement_bad": "--replacement: får inte innehålla radbrytningar",
        "forget_text_short": "--text {masked}: för kort, minst {n} tecken (en så kort text finns på för många ställen)",
        "forget_text_missing": "--text {masked}: finns inte i innehållet{where}",
        "forget_text_missing_history": " eller i git-historiken",
        "forget_no_git": "git är inte installerat (det behövs för --history)",
        "forget_not_a_repo": "{path}: ligger inte i ett git-arkiv, så det finns ingen historik att skriva om "
                             "(ta bort --history)",
        "forget_git_failed": "{command} misslyckades: {message}",
        "forget_no_commits": "git-arkivet har inga commits ännu, så det finns ingen historik att skriva om",
        "forget_dirty": "git-arkivet har {n} ändringar som inte är committade ({paths}); committa eller ta bort "
                        "dem först (git status), så att ingenting går förlorat när historiken skrivs om",
        "forget_no_filter_repo": "git-filter-repo saknas; installera det med: pip install git-filter-repo "
                                 "(det ingår i Torgets beroenden: pip install -e .)",
        "forget_filter_repo_failed": "git-filter-repo misslyckades: {message}",
        "forget_needs_yes": "ingenting har ändrats: bekräfta med --yes (eller kör kommandot i en terminal och svara y)",
        "forget_cancelled": "Avbrutet; ingenting har ändrats.",
        "forget_replacement": "[borttaget]",
        "forget_commit_message": "Ta bort innehåll på begäran (torget forget)",
        # torget forget: what will be done
        "forget_plan": "Det här tas bort:",
        "forget_plan_file": "  filen {path} (adressen /{address})",
        "forget_plan_text": "  texten {masked}, som ersätts med {replacement}, i:",
        "forget_plan_text_file": "    {path} ({count}×)",
        "forget_plan_variant": "    även skriven som {masked}",
        "forget_plan_history": "Git-historiken skrivs om (commits: {commits}, grenar: {branches}, taggar: {tags}); "
                               "de commits som ändras får nya id:n. Det går inte att ångra.",
        "forget_plan_history_file": "  filen finns i historiken som {names} (ändrad i commits: {n})",
        "forget_plan_history_text": "  texten finns i historiken (i filer eller meddelanden, commits: {n})",
        "forget_plan_worktree": "Bara innehållsmappen ändras: det som tas bort finns kvar i git-historiken. Lägg "
                                "till --history för att ta bort det därifrån också.",
        "forget_confirm_history": "Skriva om git-historiken?",
        "forget_confirm": "Ändra filerna?",
        "forget_dry_run": "Provkörning (--dry-run): ingenting har ändrats.",
        # torget forget: what was done
        "forget_done_file": "Borttagen: {path}",
        "forget_done_text": "Ersatt med {replacement} ({count}×): {paths}",
        "forget_done_history": "Git-historiken är omskriven: ingen commit innehåller längre det som togs bort.",
        "forget_removed_added": "Adressen /{address} är tillagd i TORGET_REMOVED ({config}:{line}): där visas nu "
                                "sidan \"Tråden har tagits bort\" i stället för 404.",
        "forget_removed_present": "Adressen /{address} finns redan i TORGET_REMOVED ({config}).",
        "forget_removed_add": "Lägg till adressen i TORGET_REMOVED i {config}{at}, så visas sidan \"Tråden har "
                              "tagits bort\" där i stället för 404:",
        "forget_at_line": " (rad {line})",
        # torget forget: what to do next
        "forget_next": "Gör nu så här:",
        "forget_next_commit": "Committa ändringen:",
        "forget_next_push": "Skicka den omskrivna historiken till servern (grenarna och taggarna där skrivs över):",
        "forget_next_no_origin": "(arkivet har ingen origin: lägg först till serverns adress med "
                                 "git remote add origin ADRESS)",
        "forget_next_reclone": "Alla som har en klon av arkivet, också datorer som bygger sajten, måste ta bort den "
                               "och klona om: en gammal klon har kvar det som togs bort, och en push därifrån "
                               "för tillbaka det.",
        "forget_next_host": "Be den som driver git-servern ta bort de gamla commitarna som servern fortfarande "
                            "har kvar. GitHub: kontakta GitHub Support med de första ändrade commitarna nedan "
                            "(cachade vyer och pull requests). GitLab: Settings → Repository → Repository cleanup, "
                            "ladda upp {commit_map}.",
        "forget_next_first": "  första ändrade commit: {old} (nu {new})",
        "forget_caches": "Töm cacharna:",
        "forget_cache_cdn": "  CDN:en eller webbhotellets cache för {urls} och för search/ (sökindexets filer får "
                            "cachas ett år, så töm hela cachen om det går); sidorna byts vid nästa bygge.",
        "forget_cache_build": "  Torgets byggcache: tömd här ({path}). I GitLab CI: Build → Pipelines → Clear runner "
                              "caches, och ta bort tidigare jobbs artefakter (Build → Artifacts), som har den gamla "
                              "sajten; GitHub Actions-flödet sparar ingen cache, och dess Pages-artefakt försvinner "
                              "efter en dag. Bygg och publicera sedan sajten igen (torget build, eller en push).",
        "forget_cache_search_removed": "  Sökmotorerna: begär att {urls} tas bort, i Google Search Console "
                                       "(Removals) och Bing Webmaster Tools (Content Removal). Sidan där har "
                                       "noindex, så den försvinner också vid nästa genomsökning.",
        "forget_cache_search_changed": "  Sökmotorerna: begär att {urls} genomsöks igen, i Google Search Console "
                                       "(Removals → Outdated content, eller URL inspection) och Bing Webmaster "
                                       "Tools (Content Removal → Remove outdated cache).",
    },
    "en": {
        "removed_title": "This thread has been removed",
        "removed_text": "{org} has removed the thread that was at this address, for example because the person "
                        "who wrote it asked us to or because it contained personal data.",
        "removed_next": "Search for answers to the same question in other threads, or send us your question.",
        "removed_search": "Search the forum",
        "removed_home": "Go to the start page",
        "removed_still_there": "{url!r} is still the address of {path}; remove the file (torget forget) or the "
                               "address from the list",
        "forget_nothing": "give a thread (PATH or SLUG) or --text TEXT",
        "forget_no_thread": "{target}: no thread or FAQ entry with this path or slug in {folders}",
        "forget_ambiguous": "{target}: several files have this slug ({paths}); give the path",
        "forget_page": "{target}: is a page, not a thread or FAQ entry; torget forget removes threads and FAQ "
                       "entries (remove a page with git rm)",
        "forget_text_bad": "--text {masked}: the text must not hold line breaks or '==>'",
        "forget_replacement_bad": "--replacement: must not hold line breaks",
        "forget_text_short": "--text {masked}: too short, at least {n} characters (so short a text is in too many "
                             "places)",
        "forget_text_missing": "--text {masked}: not in the content{where}",
        "forget_text_missing_history": " nor in the git history",
        "forget_no_git": "git is not installed (--history needs it)",
        "forget_not_a_repo": "{path}: is not in a git repository, so there is no history to rewrite "
                             "(leave out --history)",
        "forget_git_failed": "{command} failed: {message}",
        "forget_no_commits": "the git repository has no commits yet, so there is no history to rewrite",
        "forget_dirty": "the git repository has {n} uncommitted changes ({paths}); commit or remove them first "
                        "(git status), so that nothing is lost when the history is rewritten",
        "forget_no_filter_repo": "git-filter-repo is missing; install it with: pip install git-filter-repo "
                                 "(it is one of Torget's dependencies: pip install -e .)",
        "forget_filter_repo_failed": "git-filter-repo failed: {message}",
        "forget_needs_yes": "nothing was changed: confirm with --yes (or run the command in a terminal and answer yes)",
        "forget_cancelled": "Cancelled; nothing was changed.",
        "forget_replacement": "[removed]",
        "forget_commit_message": "Remove content on request (torget forget)",
        "forget_plan": "This will be removed:",
        "forget_plan_file": "  the file {path} (address /{address})",
        "forget_plan_text": "  the text {masked}, replaced with {replacement}, in:",
        "forget_plan_text_file": "    {path} ({count}×)",
        "forget_plan_variant": "    also written as {masked}",
        "forget_plan_history": "The git history is rewritten (commits: {commits}, branches: {branches}, tags: "
                               "{tags}); the commits that change get new ids. This cannot be undone.",
        "forget_plan_history_file": "  the file is in the history as {names} (changed in commits: {n})",
        "forget_plan_history_text": "  the text is in the history (in files or messages, commits: {n})",
        "forget_plan_worktree": "Only the content folder changes: what is removed stays in the git history. Add "
                                "--history to remove it from there too.",
        "forget_confirm_history": "Rewrite the git history?",
        "forget_confirm": "Change the files?",
        "forget_dry_run": "Dry run (--dry-run): nothing was changed.",
        "forget_done_file": "Removed: {path}",
        "forget_done_text": "Replaced with {replacement} ({count}×): {paths}",
        "forget_done_history": "The git history is rewritten: no commit holds what was removed any more.",
        "forget_removed_added": "The address /{address} was added to TORGET_REMOVED ({config}:{line}): it now "
                                "shows the page \"This thread has been removed\" instead of a 404.",
        "forget_removed_present": "The address /{address} is already in TORGET_REMOVED ({config}).",
        "forget_removed_add": "Add the address to TORGET_REMOVED in {config}{at}, so that it shows the page "
                              "\"This thread has been removed\" instead of a 404:",
        "forget_at_line": " (line {line})",
        "forget_next": "What to do now:",
        "forget_next_commit": "Commit the change:",
        "forget_next_push": "Push the rewritten history to the server (its branches and tags are overwritten):",
        "forget_next_no_origin": "(the repository has no origin: first add the server's address with "
                                 "git remote add origin ADDRESS)",
        "forget_next_reclone": "Everyone with a clone of the repository, computers that build the site included, "
                               "must delete it and clone again: an old clone still holds what was removed, and a "
                               "push from it brings it back.",
        "forget_next_host": "Ask whoever runs the git server to remove the old commits the server still keeps. "
                            "GitHub: contact GitHub Support with the first changed commits below (cached views "
                            "and pull requests). GitLab: Settings → Repository → Repository cleanup, upload "
                            "{commit_map}.",
        "forget_next_first": "  first changed commit: {old} (now {new})",
        "forget_caches": "Purge the caches:",
        "forget_cache_cdn": "  The CDN's or web host's cache for {urls} and for search/ (the search index's files "
                            "may be cached for a year, so purge the whole cache if you can); the pages change with "
                            "the next build.",
        "forget_cache_build": "  Torget's build cache: purged here ({path}). In GitLab CI: Build → Pipelines → Clear "
                              "runner caches, and delete earlier jobs' artifacts (Build → Artifacts), which hold the "
                              "old site; the GitHub Actions workflow keeps no cache, and its Pages artifact expires "
                              "after a day. Then build and publish the site again (torget build, or a push).",
        "forget_cache_search_removed": "  Search engines: ask for {urls} to be removed, in Google Search Console "
                                       "(Removals) and Bing Webmaster Tools (Content Removal). The page there has "
                                       "noindex, so it also goes at the next crawl.",
        "forget_cache_search_changed": "  Search engines: ask for {urls} to be crawled again, in Google Search "
                                       "Console (Removals → Outdated content, or URL inspection) and Bing "
                                       "Webmaster Tools (Content Removal → Remove outdated cache).",
    },
}


class RemovalTranslator(Translator):
    """The forum's strings plus the strings of taking content back."""

    def __init__(self, lang: str):
        super().__init__(lang)
        self.strings = {**self.strings, **REMOVAL_STRINGS[self.lang]}
