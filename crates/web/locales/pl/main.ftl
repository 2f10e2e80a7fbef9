## Układ strony, wspólny dla wszystkich stron.
skip-to-content = Przejdź do treści głównej
nav-main = Menu główne
nav-language = Język
nav-places = Miejsca
nav-groups = Grupy
nav-admin = Administracja
nav-account = Twoje konto
nav-sign-in = Zaloguj się
nav-sign-up = Załóż konto
nav-sign-out = Wyloguj się
footer-commons = Cyfrowe dobro wspólne, którego właścicielem jest społeczność i którym sama zarządza. Bez śledzenia, bez reklam.
footer-api = Otwarte API
back-home = Przejdź do strony głównej
error-summary-title = Wystąpił problem
error-prefix = Błąd:
error-title-prefix = Błąd:

## Strona główna.
home-title = Strona główna
home-lead = Co dzieje się w Twojej okolicy, kto za tym stoi i jak możesz się włączyć.
home-whats-on = Wkrótce w okolicy
home-all-events = Wszystkie wydarzenia
home-all-services = Usługi w okolicy
home-all-opportunities = Wolontariat
home-places = Miejsca
home-no-places = Nie ma jeszcze żadnych miejsc.
home-groups = Grupy
home-no-groups = Nie ma jeszcze żadnych grup.
home-all-groups = Zobacz wszystkie grupy
group-member-count = { $count ->
    [one] { $count } osoba
    [few] { $count } osoby
    [many] { $count } osób
   *[other] { $count } osoby
}

## Komunikaty pokazywane raz, po wykonaniu czynności.
notice-welcome = Witamy! Twoje konto jest gotowe.
notice-signed-in = Zalogowano.
notice-signed-out = Wylogowano.

## Błędy w polach formularza: error-<kod>.
error-email-required = Wpisz swój adres e-mail
error-email-invalid = Wpisz adres e-mail w poprawnym formacie, np. name@example.org
error-email-taken = Istnieje już konto z tym adresem e-mail. Zaloguj się albo poproś o link do logowania.
error-display-name-required = Wpisz nazwę, która ma być widoczna dla innych
error-display-name-too-long = Nazwa może mieć najwyżej 60 znaków
error-display-name-invalid = Nazwa nie może zawierać znaków sterujących
error-password-too-short = Hasło musi mieć co najmniej 10 znaków
error-password-too-long = Hasło może mieć najwyżej 256 znaków
error-password-too-common = To hasło jest zbyt popularne lub łatwe do odgadnięcia. Spróbuj połączyć kilka niezwiązanych ze sobą słów.
error-credentials-invalid = Adres e-mail lub hasło są nieprawidłowe
error-account-disabled = To konto zostało wyłączone przez administrację serwisu. Skontaktuj się z nią, jeśli uważasz, że to pomyłka.
error-language-invalid = Wybierz jeden z dostępnych języków
error-slug-required = Wpisz krótką nazwę do adresu strony
error-slug-invalid = Używaj tylko małych liter, cyfr i pojedynczych łączników (od 2 do 60 znaków)
error-slug-taken = Ta nazwa jest już zajęta. Wybierz inną.
error-name-required = Wpisz nazwę
error-name-too-long = Nazwa jest za długa
error-name-invalid = Nazwa nie może zawierać znaków sterujących
error-description-too-long = Opis jest za długi
error-number-required = Wpisz liczbę
error-number-invalid = Wpisz liczbę, np. 51.46
error-number-out-of-range = Liczba jest poza dozwolonym zakresem
error-geojson-invalid = Wpisz geometrię GeoJSON typu Polygon lub MultiPolygon
error-group-kind-invalid = Wybierz rodzaj grupy
error-role-invalid = Wybierz: właściciel, administrator lub członek
error-join-policy-invalid = Wybierz, jak można dołączyć do grupy
error-place-invalid = Wybierz miejsce z listy
error-scope-invalid = Uprawnienia mogą dotyczyć tylko odczytu lub zapisu
error-scope-required = Wybierz co najmniej jedno uprawnienie

## Problemy: problem-<kod> to nagłówek, problem-<kod>-help to wyjaśnienie.
problem-detail = Szczegóły: { $detail }
problem-invalid-input = Niektóre dane trzeba poprawić
problem-invalid-input-help = Sprawdź wpisane dane i spróbuj ponownie.
problem-invalid-query = Niektórych filtrów wyszukiwania nie można użyć
problem-invalid-query-help = Sprawdź filtry i spróbuj ponownie.
problem-not-found = Nie znaleziono strony
problem-not-found-help = Jeśli adres był wpisany ręcznie, sprawdź, czy jest poprawny. Jeśli był wklejony, sprawdź, czy skopiowano go w całości.
problem-unauthenticated = Musisz się zalogować
problem-unauthenticated-help = Zaloguj się, aby kontynuować.
problem-forbidden = Nie możesz tego zrobić
problem-forbidden-help = Twoje konto nie ma do tego uprawnień.
problem-conflict = To zostało już zrobione
problem-conflict-help = To, co próbujesz zmienić, jest teraz w stanie, który na to nie pozwala.
problem-bad-request = Coś jest nie tak z żądaniem
problem-bad-request-help = Wróć i spróbuj ponownie.
problem-malformed-json = Treść żądania nie jest poprawnym JSON-em
problem-malformed-json-help = Wyślij poprawnie sformatowany dokument JSON.
problem-invalid-body = Treść żądania nie pasuje do tego, co przyjmuje ten adres
problem-invalid-body-help = Sprawdź nazwy i typy pól w dokumentacji API.
problem-unsupported-media-type = Nieobsługiwany typ treści
problem-unsupported-media-type-help = Wyślij treść w formacie, który przyjmuje ten adres.
problem-payload-too-large = Żądanie jest za duże
problem-payload-too-large-help = Wysyłaj mniej danych naraz.
problem-method-not-allowed = Ta metoda nie jest tu dozwolona
problem-method-not-allowed-help = Ten adres nie przyjmuje żądań tego rodzaju.
problem-rate-limited = Zbyt wiele prób
problem-rate-limited-help = Odczekaj kilka minut i spróbuj ponownie.
problem-csrf-failed = Ten formularz wygasł
problem-csrf-failed-help = Wróć, odśwież stronę i wyślij formularz jeszcze raz.
problem-insufficient-scope = Ten token nie ma do tego uprawnień
problem-insufficient-scope-help = Utwórz token z uprawnieniem, którego to wymaga.
problem-internal-error = Przepraszamy, wystąpił problem z usługą
problem-internal-error-help = Spróbuj ponownie później. Żadne przesłane dane nie zostały zapisane tylko częściowo.
problem-timeout = Żądanie trwało zbyt długo
problem-timeout-help = Spróbuj ponownie.
problem-link-invalid = Ten link do logowania jest nieprawidłowy
problem-link-invalid-help = Sprawdź, czy link z e-maila został użyty w całości, albo poproś o nowy.
problem-link-expired = Ten link do logowania wygasł
problem-link-expired-help = Linki do logowania działają tylko przez krótki czas. Poproś o nowy.
problem-link-used = Ten link do logowania został już użyty
problem-link-used-help = Każdy link działa tylko raz. Jeśli chcesz zalogować się ponownie, poproś o nowy.
