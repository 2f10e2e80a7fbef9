## Ankiety i zgłoszenia lokalne (głos społeczności)

survey-title = Ankiety
survey-lead = Ankiety prowadzone przez społeczność: pyta lokalna grupa albo opiekunowie miejsca, mieszkańcy odpowiadają raz. Nikt nie może przeczytać odpowiedzi jednej osoby; wyniki są publikowane tylko jako zestawienia, które chronią każdego.
survey-new-button = Rozpocznij ankietę
survey-feed = Nowe ankiety (Atom)
survey-open-heading = Otwarte teraz
survey-none-open = Teraz nie ma tu otwartej ankiety.
survey-other-heading = Wcześniejsze i nadchodzące
survey-respondents = { $count ->
    [one] Odpowiedziała 1 osoba.
    [few] Odpowiedziały { $count } osoby.
   *[other] Odpowiedziało { $count } osób.
}
survey-new-title = Rozpocznij ankietę
survey-form-help = Administratorzy grupy rozpoczynają ankiety dla miejsca grupy; opiekunowie miejsca — dla samego miejsca.
survey-field-runner = Prowadzi
survey-as-stewards = jako opiekunowie
survey-field-purpose-hint = Do czego posłużą odpowiedzi i jak ludzie dowiedzą się o wynikach.
survey-field-opens-on = Pierwszy dzień
survey-field-opens-on-hint = Zostaw puste, aby otworzyć dziś.
survey-open-button = Rozpocznij ankietę
survey-by-stewards = Opiekunowie miejsca { $place }
survey-privacy = Twoje odpowiedzi są przechowywane osobno od informacji, że odpowiedziałeś. Nikt — ani grupa, ani opiekunowie, ani administratorzy węzła, ani żaden urząd — nie może przeczytać, co powiedziała jedna osoba.
survey-results-as-releases = Wyniki są publikowane tylko jako zestawienia: sumy z ukrytymi małymi grupami i dodanym szumem, aby nikogo nie dało się wskazać.
survey-sign-in = Zaloguj się, aby odpowiedzieć
survey-field-area = Część miejsca, w której mieszkasz (opcjonalnie)
survey-field-area-hint = Służy tylko do liczenia odpowiedzi według obszaru.
survey-area-none = Wolę nie mówić
survey-not-yet-open = Ta ankieta zostanie otwarta { $date }.
survey-is-closed = Ta ankieta jest zamknięta.
survey-thanks-title = Dziękujemy za odpowiedź
survey-thanks-lead = Twoje odpowiedzi zostały zapisane.
survey-more = Więcej ankiet
error-survey-group-invalid = Wybierz grupę, którą prowadzisz
error-survey-place-invalid = Wybierz, kto prowadzi ankietę
error-survey-opens-in-past = Pierwszy dzień nie może być w przeszłości
error-survey-opens-after-close = Pierwszy dzień musi przypadać najpóźniej w ostatnim dniu
error-survey-area-invalid = Wybierz jeden z podanych obszarów
error-survey-closed = Ta ankieta nie jest otwarta.
error-survey-already-responded = Już odpowiedziałeś; każdy odpowiada raz.
error-survey-group-admin-only = Tylko administratorzy grupy mogą rozpocząć dla niej ankietę.
error-survey-steward-only = Tylko opiekunowie miejsca mogą rozpocząć ankietę dla miejsca.
notice-survey-opened = Ankieta jest otwarta.
notice-survey-closed = Ta ankieta nie jest otwarta.
notice-survey-already-responded = Już odpowiedziałeś; każdy odpowiada raz.
notice-survey-not-eligible = Odpowiadać mogą tylko osoby, których miejscem zamieszkania jest to miejsce.

local-report-title = Zgłoszenia lokalne
local-report-lead = Zgłoś problem w okolicy — zepsutą latarnię, porzucone śmieci, niebezpieczny chodnik. Inni mogą powiedzieć „ja też”, a opiekunowie informują, co się dzieje. Zapis należy do społeczności i nigdy nie podaje, kto zgłosił.
local-report-new-button = Zgłoś problem
local-report-sign-in = Zaloguj się, aby zgłosić problem
local-report-feed = Nowe zgłoszenia (Atom)
local-report-field-category = Kategoria
local-report-field-status = Stan
local-report-all-categories = Wszystkie kategorie
local-report-all-statuses = Dowolny stan
local-report-filter-button = Pokaż
local-report-none = Brak pasujących zgłoszeń.
local-report-by-you = zgłoszone przez ciebie
local-report-by-resident = zgłoszone przez mieszkańca
local-report-confirmations = { $count ->
    [0] Nikt jeszcze nie powiedział „ja też”.
    [one] 1 inna osoba powiedziała „ja też”.
    [few] { $count } inne osoby powiedziały „ja też”.
   *[other] { $count } innych osób powiedziało „ja też”.
}
local-report-category-street_lighting = Oświetlenie ulic
local-report-category-fly_tipping = Nielegalne wysypiska
local-report-category-potholes_pavements = Dziury i chodniki
local-report-category-housing_repairs = Naprawy w mieszkaniach
local-report-category-antisocial_behaviour = Zachowania aspołeczne
local-report-category-green_spaces = Parki i tereny zielone
local-report-category-accessibility = Bariera dostępności
local-report-category-other = Coś innego
local-report-status-open = Otwarte
local-report-status-acknowledged = Przyjęte
local-report-status-resolved = Rozwiązane
local-report-new-title = Zgłoś problem
local-report-form-help = Zgłoszenie w miejscu { $place }. Twoje imię nigdy nie jest pokazywane przy zgłoszeniu.
local-report-field-description = Na czym polega problem?
local-report-field-description-hint = Napisz co i gdzie, nie wymieniając nikogo z nazwiska.
local-report-field-area = Gdzie w tym miejscu (opcjonalnie)
local-report-area-none = Nie tak dokładnie
local-report-point-legend = Dokładne miejsce (opcjonalnie)
local-report-point-hint = Szerokość i długość geograficzna w stopniach dziesiętnych, na przykład 51.4613 i -0.1156. Możesz zostawić oba pola puste.
local-report-field-lat = Szerokość geograficzna
local-report-field-lon = Długość geograficzna
local-report-field-photo = Zdjęcie (opcjonalnie)
local-report-field-photo-hint = JPEG, PNG lub WebP, do 5 MB. Położenie i dane aparatu są usuwane przed zapisaniem.
local-report-submit-button = Wyślij zgłoszenie
local-report-point = Miejsce
local-report-photo-alt = Zdjęcie dołączone do zgłoszenia
local-report-note-heading = Od opiekunów
local-report-sign-in-confirm = Zaloguj się, aby powiedzieć „ja też”
local-report-you-confirmed = Powiedziałeś „ja też”.
local-report-confirm-button = Ja też
local-report-status-heading = Ustaw stan
local-report-field-note = Uwaga
local-report-field-note-hint = Widoczna przy zgłoszeniu i w publicznym dzienniku miejsca.
local-report-status-button = Zapisz stan
error-local-report-category-invalid = Wybierz kategorię z listy
error-local-report-description-required = Opisz problem
error-local-report-text-too-long = To jest za długie
error-local-report-coordinate-invalid = Podaj liczbę stopni: szerokość od -90 do 90, długość od -180 do 180
error-local-report-coordinate-missing = Podaj szerokość i długość albo żadnej
error-local-report-area-invalid = Wybierz jeden z podanych obszarów
error-local-report-photo-too-large = Zdjęcie jest za duże: może mieć najwyżej 5 MB
error-local-report-photo-type = Zdjęcie musi być obrazem JPEG, PNG lub WebP
error-local-report-photo-unreadable = Nie udało się odczytać zdjęcia; spróbuj innego pliku
error-local-report-status-invalid = Wybierz: otwarte, przyjęte lub rozwiązane
error-local-report-steward-only = Tylko opiekunowie miejsca mogą zmienić stan zgłoszenia.
error-local-report-reporter-only = Tylko osoba zgłaszająca może dodać zdjęcie.
error-local-report-own = To ty zgłosiłeś ten problem.
error-local-report-already-confirmed = Już powiedziałeś „ja też”.
notice-local-report-filed = Zgłoszenie zostało zapisane. Dziękujemy.
notice-local-report-confirmed = Powiedziałeś „ja też”.
notice-local-report-own = To ty zgłosiłeś ten problem.
notice-local-report-already-confirmed = Już powiedziałeś „ja też”.
notice-local-report-status-set = Stan został zapisany w dzienniku.
