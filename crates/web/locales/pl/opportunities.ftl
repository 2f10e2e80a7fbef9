## Wolontariat: lista ofert, jedna oferta, formularz, zgłoszenia chętnych
## i odpowiedzi grup wysyłane przez węzeł.
opportunities-title = Wolontariat
opportunities-lead = Lokalne grupy, które szukają pomocy. Napisz, że chcesz pomóc: grupa dostanie Twoją wiadomość, ale nigdy Twój adres e-mail.
opportunities-none = Obecnie nie ma pasujących ofert.
opportunities-managed = Oferty Twoich grup
opportunities-place-none = Nikt tu teraz nie szuka wolontariuszy.
opportunities-place-all = Wszystkie oferty wolontariatu w tym miejscu
opportunity-breadcrumb = Jesteś tutaj
opportunity-filter-place = Miejsce
opportunity-filter-any-place = Wszędzie
opportunity-filter-legend = Pokaż tylko
opportunity-filter-button = Pokaż oferty
opportunity-tag-no-experience = Doświadczenie niepotrzebne
opportunity-tag-remote = Można pomagać z domu
opportunity-tag-min-age = Od { $age } lat
opportunity-closes-on = Zgłoszenia do { $date }
opportunity-status-draft = Szkic
opportunity-status-published = Opublikowana
opportunity-status-closed = Zamknięta
opportunity-commitment-weekly = Co tydzień
opportunity-commitment-weekly-hours = { $hours ->
    [one] 1 godzina tygodniowo
    [few] { $hours } godziny tygodniowo
    [many] { $hours } godzin tygodniowo
   *[other] { $hours } godziny tygodniowo
}
opportunity-commitment-monthly = Co miesiąc
opportunity-commitment-monthly-hours = { $hours ->
    [one] 1 godzina miesięcznie
    [few] { $hours } godziny miesięcznie
    [many] { $hours } godzin miesięcznie
   *[other] { $hours } godziny miesięcznie
}
opportunity-commitment-one-off = Jednorazowo
opportunity-commitment-one-off-hours = { $hours ->
    [one] Jednorazowo, 1 godzina
    [few] Jednorazowo, { $hours } godziny
    [many] Jednorazowo, { $hours } godzin
   *[other] Jednorazowo, { $hours } godziny
}
opportunity-commitment-flexible = Kiedy Ci pasuje
opportunity-commitment-flexible-hours = { $hours ->
    [one] Elastycznie, około 1 godziny
    [few] Elastycznie, około { $hours } godzin
    [many] Elastycznie, około { $hours } godzin
   *[other] Elastycznie, około { $hours } godziny
}
opportunity-kind-weekly = Co tydzień
opportunity-kind-monthly = Co miesiąc
opportunity-kind-one-off = Jednorazowo
opportunity-kind-flexible = Kiedy pasuje wolontariuszowi
opportunity-new-title = Dodaj ofertę wolontariatu
opportunity-edit-title = Edytuj ofertę
opportunity-save-button = Zapisz ofertę
opportunity-cancel = Anuluj
opportunity-field-group = Grupa, która szuka pomocy
opportunity-field-group-choose = Wybierz grupę
opportunity-field-place = Miejsce
opportunity-field-place-group = Miejsce grupy
opportunity-field-title = Rola
opportunity-field-title-hint = Na przykład: kierowca w banku żywności
opportunity-field-description = Czym zajmie się wolontariusz
opportunity-field-description-hint = Możesz używać Markdown: *wyróżnienia*, listy i linki.
opportunity-field-commitment = Jak często
opportunity-field-hours = Liczba godzin (opcjonalnie)
opportunity-field-hours-hint = Liczba całkowita: godziny w tygodniu lub miesiącu albo łącznie przy jednorazowej pomocy.
opportunity-field-commitment-text = Kiedy – własnymi słowami (opcjonalnie)
opportunity-field-commitment-text-hint = Na przykład: w sobotnie poranki
opportunity-field-location = Gdzie
opportunity-field-location-hint = Adres lub miejsce spotkania. Zostaw puste, jeśli pomagać można tylko z domu.
opportunity-field-remote = Można pomagać z domu
opportunity-field-where = Gdzie
opportunity-field-skills = Przydatne umiejętności (opcjonalnie)
opportunity-field-skills-hint = Jedna w wierszu albo oddzielone przecinkami. Najwyżej 10.
opportunity-field-min-age = Minimalny wiek (opcjonalnie)
opportunity-field-min-age-hint = Na przykład 16. Zostaw puste, jeśli wiek nie ma znaczenia.
opportunity-field-suitable-for = Dla kogo (opcjonalnie)
opportunity-field-suitable-for-hint = Na przykład: młodzież, osoby na wózkach, rodziny
opportunity-field-closes-on = Termin zgłoszeń (opcjonalnie)
opportunity-field-closes-on-hint = Ostatni dzień, w którym można się zgłosić. Nie może być w przeszłości.
opportunity-field-status = Kto ją widzi
opportunity-label-skills = Przydatne umiejętności
opportunity-label-suitable-for = Dla kogo
opportunity-label-closes-on = Ostatni dzień zgłoszeń
opportunity-field-message = Twoja wiadomość do grupy
opportunity-field-message-hint = Napisz kilka słów o sobie i o tym, kiedy masz czas. Grupa zobaczy Twoje imię i tę wiadomość, ale nie adres e-mail.
opportunity-field-reply = Odpowiedź
opportunity-field-reply-hint = Wysyłana e-mailem przez węzeł. Wolontariusz nie zobaczy Twojego adresu e-mail.
opportunity-responses-link = Zgłoszenia
opportunity-responses-title = Chętni do: { $title }
opportunity-responses-privacy = Tę stronę widzą tylko administratorzy i właściciele grupy. Adresy e-mail wolontariuszy zostają w węźle: odpowiedz tutaj, a przekażemy wiadomość.
opportunity-responses-none = Nikt się jeszcze nie zgłosił.
opportunity-response-withdrawn = Wycofane
opportunity-former-member = Były członek
opportunity-reply-button = Wyślij odpowiedź
opportunity-close-button = Zamknij dla nowych wolontariuszy
opportunity-interest-heading = Chcesz pomóc?
opportunity-interest-button = Chcę pomóc
opportunity-interest-already = Grupa wie, że chcesz pomóc. Odpowie e-mailem przez węzeł.
opportunity-interest-closed = Ta oferta nie przyjmuje teraz zgłoszeń.
opportunity-withdraw-button = Wycofaj zgłoszenie
opportunity-sign-in-to-volunteer = Zaloguj się, aby się zgłosić
notice-opportunity-created = Oferta została zapisana.
notice-opportunity-updated = Zmiany zostały zapisane.
notice-opportunity-closed = Oferta jest zamknięta dla nowych wolontariuszy.
notice-opportunity-interest-sent = Twoja wiadomość została wysłana do grupy.
notice-opportunity-withdrawn = Twoje zgłoszenie zostało wycofane.
notice-opportunity-reply-sent = Odpowiedź została wysłana.
notice-opportunity-already-interested = Grupa już wie, że chcesz pomóc.
notice-opportunity-not-open = Ta oferta nie przyjmuje teraz zgłoszeń.
notice-opportunity-not-interested = Nie zgłaszałeś(-aś) chęci pomocy.
notice-opportunity-response-withdrawn = Ta osoba wycofała zgłoszenie, więc odpowiedź nie została wysłana.
opportunity-email-interest-subject = Ktoś chce pomóc: „{ $title }”
opportunity-email-interest-body = { $volunteer } chce pomóc przy „{ $title }” ({ $group }) i pisze:

    { $message }

    Przeczytaj i odpowiedz w { $node } (adres e-mail tej osoby pozostaje prywatny):
    { $link }
opportunity-email-reply-subject = Odpowiedź od { $group } w sprawie „{ $title }”
opportunity-email-reply-body = { $group } odpowiada w sprawie „{ $title }”:

    { $message }

    Oferta: { $link }
    Tę wiadomość wysłano przez { $node }; odpowiedź na ten e-mail nie trafi do grupy.
error-opportunity-title-required = Wpisz rolę
error-opportunity-title-too-long = Rola może mieć najwyżej 120 znaków
error-opportunity-text-invalid = Usuń znaki sterujące
error-opportunity-text-too-long = Wpisz najwyżej 200 znaków
error-opportunity-status-invalid = Wybierz szkic, opublikowana lub zamknięta
error-opportunity-commitment-invalid = Wybierz, jak często
error-opportunity-hours-invalid = Wpisz liczbę całkowitą godzin od 1 do 200
error-opportunity-skill-invalid = Każda umiejętność może mieć najwyżej 40 znaków
error-opportunity-skills-too-many = Podaj najwyżej 10 umiejętności
error-opportunity-min-age-invalid = Wpisz wiek od 10 do 100
error-opportunity-date-invalid = Wpisz datę w formacie 2026-12-31
error-opportunity-closes-in-past = Termin zgłoszeń musi przypadać dziś lub później
error-opportunity-location-required = Wpisz, gdzie to się odbywa, albo zaznacz, że można pomagać z domu
error-opportunity-group-invalid = Wybierz grupę, którą prowadzisz
error-opportunity-message-required = Napisz krótką wiadomość
error-opportunity-message-too-long = Wiadomość może mieć najwyżej 2000 znaków
