blueprints-title = Plany
blueprints-lead = Kampanie i projekty społeczne, które sprawdziły się gdzie indziej, przygotowane tak, by twoja okolica mogła je przyjąć, dostosować i przekazać dalej.
blueprints-format = Plan to dane, nigdy kod: jego format opisuje schemat JSON.
blueprints-schema-link = Schemat planów
blueprints-from-campaigns = Albo zacznij od planu: kampanii, która sprawdziła się gdzie indziej.
blueprint-version = Wersja { $version }
blueprint-adoptions = { $count ->
    [one] Przyjęty tutaj raz
   *[other] Przyjęty tutaj { $count } razy
}
blueprint-label-version = Wersja
blueprint-label-authors = Autorzy
blueprint-label-licence = Licencja
blueprint-label-modules = Używa
blueprint-label-adoptions = Kampanie tutaj rozpoczęte z niego
blueprint-label-digest = Odcisk (SHA-256)
blueprint-adopt-button = Przyjmij dla swojego miejsca
blueprint-guidance-heading = Wskazówki dla organizatorów
blueprint-adopt-title = Przyjmij „{ $name }”
blueprint-adopt-lead = Z tego planu powstanie szkic kampanii twojej grupy, z etapami i tekstami. Możesz wszystko zmienić, zanim ją uaktywnisz.
blueprint-optional = (opcjonalnie)
blueprint-yes = Tak
blueprint-no = Nie
blueprint-dates-legend = Daty, które już znasz
blueprint-dates-hint = Zostaw datę pustą, jeśli to się jeszcze nie wydarzyło: terminy pojawią się, gdy ją dodasz.
blueprint-adopt-submit = Utwórz kampanię
blueprint-years = { $n ->
    [one] { $n } rok
    [few] { $n } lata
   *[other] { $n } lat
}
blueprint-months = { $n ->
    [one] { $n } miesiąc
    [few] { $n } miesiące
   *[other] { $n } miesięcy
}
blueprint-weeks = { $n ->
    [one] { $n } tydzień
    [few] { $n } tygodnie
   *[other] { $n } tygodni
}
blueprint-days = { $n ->
    [one] { $n } dzień
   *[other] { $n } dni
}
blueprint-deadline-rule = { $after } po „{ $from }”
notice-blueprint-adopted = Kampania utworzona z planu. To szkic: sprawdź teksty i etapy, potem ją uaktywnij.
notice-blueprint-not-a-campaign = Ten plan nie tworzy kampanii.
error-blueprint-field-required = Wypełnij to pole
error-blueprint-choice-invalid = Wybierz jedną z opcji
error-blueprint-syntax-invalid = Podaj, czy plan jest w toml czy json
blueprint-browse-link = Przeglądaj plany innego węzła
blueprint-browse-title = Plany innego węzła
blueprint-browse-lead = Podaj adres innego węzła Plural, aby zobaczyć publikowane przez niego plany. Podpis każdego z nich jest tu sprawdzany.
blueprint-field-url = Adres węzła
blueprint-field-url-hint = Na przykład https://commons.example.org
blueprint-browse-button = Pokaż jego plany
blueprint-browse-results = Plany publikowane przez { $origin }
blueprint-browse-none = Nie publikuje żadnych planów.
blueprint-label-key = Jego klucz podpisu:
blueprint-adoptions-there = { $count ->
    [one] przyjęty tam raz
   *[other] przyjęty tam { $count } razy
}
blueprint-verified = Podpis sprawdzony
blueprint-not-verified = Podpis się nie zgadza
blueprint-derived-from = Dostosowany z: { $origins }
error-blueprint-url-invalid = Podaj adres internetowy zaczynający się od https://
error-blueprint-feed-unreachable = Pod tym adresem nie udało się odczytać katalogu Plural. Sprawdź go i spróbuj ponownie.
error-blueprint-feed-invalid = Ten adres nie odpowiedział katalogiem planów Plural
blueprint-manage-link = Opublikuj lub zainstaluj szablon (administratorzy węzła)
blueprint-manage-title = Opublikuj lub zainstaluj szablon
blueprint-manage-problems = Co poprawić
blueprint-publish-title = Opublikuj szablon jako ten węzeł
blueprint-publish-lead = Wklej szablon (TOML lub JSON). Zostanie sprawdzony, podpisany kluczem tego węzła i dodany do jego katalogu i kanału.
blueprint-field-source = Szablon
blueprint-field-source-hint = Cały plik, tak jak sprawdzasz go poleceniem plural blueprint validate.
blueprint-publish-button = Sprawdź, podpisz i opublikuj
blueprint-install-title = Zainstaluj szablon z innego węzła
blueprint-install-lead = Wklej podpisany szablon (JSON) lub jego adres. Najpierw sprawdzane są wszystkie podpisy i pochodzenie; jeśli coś jest nie tak, nic nie zostanie zainstalowane.
blueprint-field-document = Podpisany szablon lub jego adres
blueprint-field-document-hint = Na przykład wynik polecenia plural blueprint sign albo adres https://, pod którym jest dostępny.
blueprint-install-button = Sprawdź i zainstaluj
blueprint-published = Opublikowano { $name }: podpisany przez ten węzeł i dodany do katalogu.
blueprint-installed = Zainstalowano { $name }: podpisy zostały sprawdzone.
error-blueprint-not-accepted = Ten szablon nie został przyjęty: popraw problemy wymienione poniżej i spróbuj ponownie
blueprint-update-notice = Ukazała się wersja { $version } szablonu, z którego powstała ta kampania.
blueprint-update-review-link = Zobacz, co się zmieniło, i wybierz, co przyjąć
blueprint-update-crumb = Nowa wersja
blueprint-update-title = Nowa wersja szablonu „{ $name }”
blueprint-update-lead = Ukazała się wersja { $version }; Twoja kampania korzysta z wersji { $current }. Zaznacz zmiany, które chcesz przyjąć. Wszystko, czego nie zaznaczysz, zostanie w kampanii bez zmian.
blueprint-update-note-heading = Co zmieniło się według autorów
blueprint-update-nothing = Ta wersja nie zmienia niczego, z czego korzysta Twoja kampania.
blueprint-update-legend = Zmiany w wersji { $version }
blueprint-update-take-button = Przyjmij zaznaczone zmiany
blueprint-update-dismiss-button = Zostaw kampanię bez zmian (odrzuć wszystko)
notice-blueprint-update-taken = Gotowe: kampania przyjęła wybrane zmiany i korzysta teraz z nowej wersji.
notice-blueprint-update-dismissed = Odrzucono. Dostaniesz wiadomość, gdy ukaże się nowsza wersja.
blueprint-change-title = Tytuł
blueprint-change-goal = Cel
blueprint-change-story = Opis
blueprint-change-target = Kto musi działać
blueprint-change-petition-text = Treść petycji
blueprint-change-threshold = Potrzebna liczba podpisów
blueprint-change-stage-added = Nowy etap: „{ $stage }”
blueprint-change-stage-removed = Usunięty etap: „{ $stage }”
blueprint-change-stage-title = Etap „{ $stage }”: tytuł
blueprint-change-stage-note = Etap „{ $stage }”: uwagi
blueprint-change-stage-deadline = Etap „{ $stage }”: termin
blueprint-change-before = Wersja { $version } mówiła
blueprint-change-after = Wersja { $version } mówi
blueprint-change-yours = Twoja kampania mówi teraz
blueprint-change-conflict = Zmieniono to w Twojej kampanii: przyjęcie zastąpi Twój własny tekst.
blueprint-change-empty = (nic)
blueprint-change-no-threshold = bez progu
blueprint-change-no-deadline = bez terminu
error-blueprint-update-gone = Tej wersji nie można już przyjąć (ktoś mógł ją przed chwilą przyjąć lub odrzucić). Sprawdź jeszcze raz poniżej.
error-blueprint-change-unknown = Wybieraj tylko spośród wymienionych zmian
error-blueprint-update-invalid = Po tych zmianach któryś tekst kampanii byłby za długi lub pusty; odznacz tę zmianę
blueprint-email-update-subject = { $node }: nowa wersja szablonu „{ $blueprint }” dla kampanii { $title }
blueprint-email-update-body = Ukazała się wersja { $version } szablonu „{ $blueprint }”, z którego powstała Twoja kampania „{ $title }”.

    Zobacz, co się zmieniło, i wybierz, co przyjąć (nic się nie zmieni, dopóki tego nie zrobisz):
    { $link }
blueprint-adapt-title = Opublikuj jako nowy szablon
blueprint-adapt-teaser = Kampania sprawdziła się u Was? Przekaż ją dalej: opublikuj ją jako szablon, który inne miejsca mogą przyjąć, z podaniem, skąd pochodzi.
blueprint-adapt-link = Opublikuj jako nowy szablon
blueprint-adapt-lead = Teksty i etapy Twojej kampanii staną się nowym szablonem, podpisanym przez ten węzeł, z zapisem, że powstał na podstawie „{ $name }”.
blueprint-field-new-id = Krótka nazwa
blueprint-field-new-id-hint = Małe litery, cyfry i łączniki, np. ratujmy-zlotego-lwa
blueprint-field-name = Nazwa
blueprint-field-summary = Streszczenie
blueprint-field-summary-hint = Jedno lub dwa zdania; zostaw puste, by zachować streszczenie oryginału.
blueprint-field-changes = Co zmieniono
blueprint-field-changes-hint = Napisz innym, co zmieniono względem oryginału i dlaczego.
blueprint-adapt-button = Podpisz i opublikuj
notice-blueprint-adaptation-published = Opublikowano: Twoja adaptacja jest podpisana przez ten węzeł i widnieje w jego katalogu.
blueprint-adaptations-heading = Adaptacje
blueprint-no-adaptations = Nie znamy tu jeszcze żadnych adaptacji.
blueprint-label-origin = Opublikował
blueprint-label-derived-from = Na podstawie
blueprint-label-changes = Co zmienili
blueprint-follow-title = Obserwuj katalog innego węzła
blueprint-follow-lead = Jego szablony zostaną odczytane teraz i potem co kilka godzin; nowe wersje z poprawnymi podpisami zostaną tu zachowane, a grupy, które przyjęły wcześniejszą wersję, dostaną wiadomość.
blueprint-field-follow-url = Adres węzła
blueprint-field-follow-url-hint = Na przykład https://commons.example.org
blueprint-follow-button = Obserwuj
blueprint-followed-heading = Obserwowane katalogi
blueprint-followed-read = ostatnio odczytany { $when }
blueprint-followed-failed = Błąd
blueprint-unfollow-button = Przestań obserwować { $url }
notice-blueprint-followed = Obserwujesz: katalog został odczytany i będzie odczytywany co kilka godzin.
notice-blueprint-unfollowed = Już nie obserwujesz tego katalogu. To, co zachowano, zostaje.
error-blueprint-url-refused = Ten adres należy do sieci prywatnej lub lokalnej; ten węzeł odczytuje tylko adresy publiczne
error-blueprint-domain-blocked = Ten węzeł zablokował tę domenę, więc nie odczytuje jej katalogu
blueprint-field-venue = Gdzie odbywają się spotkania
blueprint-field-venue-hint = Nazwa i adres miejsca, np. Sala św. Marii, ul. Kościelna 12
error-blueprint-venue-required = Podaj, gdzie odbywają się spotkania
error-blueprint-not-adoptable = Z tego wzorca ten węzeł nie może niczego utworzyć
error-blueprint-rota-invalid = Grafik we wzorcu podaje dzień, którego ten węzeł nie zna
notice-blueprint-adopted-parts = Przyjęto: wpis Twojej grupy w katalogu usług, cotygodniowe spotkanie i oferta wolontariatu dla każdej zmiany są opublikowane. Możesz je edytować na stronach grupy.
blueprint-stories-heading = Jak poszło
blueprint-no-stories = Nie ma jeszcze historii z miejsc, które go przyjęły.
blueprint-story-by = { $group }, { $place }
blueprint-story-title = Opowiedz innym, jak poszło
blueprint-story-lead = Grupy, które przyjęły ten wzorzec, mogą opowiedzieć, jak poszło: co się sprawdziło, co byście zmienili. Przeczytają to osoby przeglądające katalog tutaj i na innych węzłach.
blueprint-field-story = Twoja historia
blueprint-field-story-hint = Do 2000 znaków. Możesz używać Markdown.
blueprint-story-button = Udostępnij historię
notice-blueprint-story-added = Dziękujemy: Twoja historia jest na stronie wzorca.
error-blueprint-story-required = Napisz swoją historię
error-blueprint-story-too-long = Skróć historię do 2000 znaków lub mniej
error-blueprint-story-not-adopter = Historię tego wzorca mogą opowiedzieć tylko administratorzy grupy, która go przyjęła
blueprint-field-amount = Ile funduszu jest do podziału, w funtach
blueprint-field-amount-hint = Liczba całkowita, np. 12000. Plural zapisuje budżet i głosowanie; projekty opłaca ten, kto dysponuje funduszem.
error-blueprint-amount-required = Podaj, ile funduszu jest do podziału, w funtach
notice-blueprint-adopted-voice = Przyjęto: ankieta jest otwarta dla mieszkańców okolicy, a budżet czeka na ich projekty po jej zamknięciu. Oba znajdziesz na stronie swojego miejsca.
error-blueprint-survey-invalid = Ankieta utworzona z tego szablonu po wpisaniu twoich odpowiedzi łamie zasadę ankiet (np. za długi tytuł): skróć to, co wpisano, albo dostosuj szablon
error-blueprint-budget-invalid = Budżet utworzony z tego szablonu po wpisaniu twoich odpowiedzi łamie zasadę budżetów (np. za długi tytuł): skróć to, co wpisano, albo dostosuj szablon
