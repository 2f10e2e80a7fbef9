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
