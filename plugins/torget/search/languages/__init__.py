"""One class per search language (:class:`~torget.search.languages.base.SearchLanguage`);
the registry keyed by language code is :mod:`torget.search.language`."""
