/*
 * The editor at /admin/: Decap CMS's words in the forum's language. Decap
 * falls back to English for every key its Swedish locale lacks ("Add
 * svar", "Collapse", …) and says "Oops" where it has one; this adds the
 * missing keys and replaces those phrases, and names the link from an
 * entry to its page ("Visa på webbplatsen"), with Decap's documented
 * CMS.registerLocale. Loaded after decap-cms.js, before admin.js.
 */
(function () {
  "use strict";
  var CMS = window.CMS || window.DecapCms;
  if (!CMS || !CMS.registerLocale || !CMS.getLocale) {
    return;
  }

  var sv = {
    auth: { loginWithForgejo: "Logga in med Forgejo" },
    collection: {
      collectionTop: {
        newButton: "+ %{collectionLabel}",
        viewAsList: "Visa som lista",
        viewAsGrid: "Visa som rutnät"
      },
      entries: { unpublishedHeader: "Opublicerade inlägg" }
    },
    editor: {
      editorControl: { field: { widgetLabel: "Fältet %{widgetLabel}" } },
      editorControlPane: {
        i18n: {
          copyFromLocale: "Fyll i från ett annat språk",
          copyFromLocaleConfirm: "Vill du fylla i innehållet från språket %{locale}?\nAllt som står här skrivs över."
        }
      },
      editorInterface: { toggleNotes: "Visa eller dölj anteckningar" },
      editorNotesPane: {
        title: "Anteckningar",
        emptyState: "Inga anteckningar ännu. Skriv den första nedan.",
        addNote: "Lägg till anteckning",
        addPlaceholder: "Skriv en anteckning …",
        editPlaceholder: "Ändra anteckningen …",
        save: "Spara",
        cancel: "Avbryt",
        edit: "Ändra",
        "delete": "Ta bort",
        resolve: "Markera som klar",
        unresolve: "Markera som inte klar",
        confirmDelete: "Vill du ta bort anteckningen?",
        shortcut: "Tips: Ctrl+Enter lägger till anteckningen"
      },
      editorToolbar: {
        statusInfoTooltipDraft: "Inlägget är ett utkast. Sätt status till ”Under granskning” när det ska granskas.",
        statusInfoTooltipInReview: "Inlägget granskas, du behöver inte göra något. Du kan fortfarande ändra det under tiden.",
        deployButtonLabel: "Visa på webbplatsen"
      },
      editorWidgets: {
        markdown: {
          strikethrough: "Genomstruken",
          richText: "Formaterad text",
          markdown: "Markdown-kod",
          toggleMode: {
            rich: "Byt till formaterad text",
            markdown: "Byt till Markdown-kod"
          }
        },
        image: {
          chooseMultiple: "Välj bilder",
          addMore: "Lägg till fler bilder",
          removeAll: "Ta bort alla bilder"
        },
        file: {
          chooseMultiple: "Välj filer",
          addMore: "Lägg till fler filer",
          removeAll: "Ta bort alla filer"
        },
        datetime: { setToNow: "Sätt datum och tid till nu" },
        list: { add: "Lägg till %{item}", addType: "Lägg till %{item}" },
        object: { expand: "Fäll ut", collapse: "Fäll ihop" }
      }
    },
    mediaLibrary: { mediaLibraryModal: { close: "Stäng" } },
    ui: {
      "default": { goBackToSite: "Tillbaka till webbplatsen" },
      settingsDropdown: { account: "Kontomeny" },
      toast: {
        missingRequiredField: "Ett obligatoriskt fält är tomt. Fyll i det innan du sparar.",
        noteAdded: "Anteckningen är tillagd",
        onFailToAddNote: "Kunde inte lägga till anteckningen: %{details}",
        noteUpdated: "Anteckningen är ändrad",
        onFailToUpdateNote: "Kunde inte ändra anteckningen: %{details}",
        noteDeleted: "Anteckningen är borttagen",
        onFailToDeleteNote: "Kunde inte ta bort anteckningen: %{details}",
        noteResolved: "Anteckningen är markerad som klar",
        noteReopened: "Anteckningen är öppnad igen",
        onFailToToggleNote: "Kunde inte ändra anteckningen: %{details}"
      }
    },
    workflow: { workflow: { dateFormat: "D MMMM" } }
  };

  var en = {
    editor: { editorToolbar: { deployButtonLabel: "View on the site" } }
  };

  function merge(target, source) {
    Object.keys(source).forEach(function (key) {
      var value = source[key];
      if (value && typeof value === "object") {
        target[key] = merge(target[key] && typeof target[key] === "object" ? target[key] : {}, value);
      } else {
        target[key] = value;
      }
    });
    return target;
  }

  [["sv", sv], ["en", en]].forEach(function (pair) {
    var base = CMS.getLocale(pair[0]) || {};
    CMS.registerLocale(pair[0], merge(merge({}, base), pair[1]));
  });

  // The select fields' "No options" is react-select's own default, which
  // Decap passes no phrase for: it is put into words here as it appears.
  var lang = (document.documentElement.lang || "").slice(0, 2);
  var noOptions = { sv: "Inga alternativ" }[lang];
  if (noOptions && window.MutationObserver) {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
          for (var text = walker.currentNode; text; text = walker.nextNode()) {
            if (text.nodeType === 3 && text.data === "No options") {
              text.data = noOptions;
            }
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
})();
