## Konto danej osoby.
account-title = Twoje konto
account-profile-heading = Twój profil
account-language = Język
account-home-place = Twoja okolica (nieobowiązkowo)
account-home-place-hint = Widzą ją osoby zalogowane w tym serwisie. Zapisujemy tylko miejsce, nigdy adres.
account-home-place-none = Nie wybrano
account-profile-save = Zapisz profil

account-email-heading = Adres e-mail
account-email-current = Twój adres e-mail to
account-email-private = Nikt inny go nie widzi – nawet osoby prowadzące ten serwis, chyba że pomagają Ci w sprawie konta.
account-email-new = Nowy adres e-mail
account-email-new-hint = Wyślemy link na nowy adres. Adres zmieni się, gdy użyjesz tego linku.
account-email-send = Wyślij link potwierdzający
account-email-confirm-title = Potwierdź nowy adres e-mail
account-email-confirm-lead = Użyj tego przycisku, aby ustawić ten adres dla swojego konta.
account-email-confirm-button = Potwierdź nowy adres
account-email-confirm-subject = Potwierdź nowy adres e-mail w serwisie { $node }
account-email-confirm-body = Dzień dobry,

    Otrzymaliśmy prośbę o używanie tego adresu dla konta w serwisie { $node } – mamy nadzieję, że od Ciebie. Aby to potwierdzić, otwórz ten link:

    { $link }

    Link działa tylko raz, przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }. Jeśli ta prośba nie pochodzi od Ciebie, zignoruj tę wiadomość: bez tego linku nic się nie zmieni.
account-email-changed-subject = Zmieniono adres e-mail Twojego konta w serwisie { $node }
account-email-changed-body = Dzień dobry,

    Adres e-mail Twojego konta w serwisie { $node } został zmieniony na { $new }. Od teraz linki do logowania i wiadomości będą wysyłane na ten adres.

    Jeśli ta zmiana nie pochodzi od Ciebie, od razu skontaktuj się z osobami prowadzącymi serwis { $node }.

account-password-heading = Hasło
account-password-none = Logujesz się linkami wysyłanymi e-mailem. Możesz też ustawić hasło.
account-password-current = Obecne hasło
account-password-new = Nowe hasło
account-password-save = Zapisz hasło

account-groups-heading = Twoje grupy
account-groups-none = Nie należysz jeszcze do żadnej grupy.
account-groups-find = Znajdź grupę
account-role-owner = Właściciel
account-role-admin = Administrator
account-role-member = Członek

account-sessions-heading = Aktywne logowania
account-sessions-hint = Zapisujemy, kiedy każda sesja się zaczęła i kiedy była ostatnio używana. Nie zapisujemy adresów IP.
account-sessions-started = Początek sesji
account-sessions-last-seen = Ostatnie użycie
account-sessions-this = Ta przeglądarka
account-sign-out-everywhere = Wyloguj się wszędzie, także tutaj

account-tokens-heading = Tokeny API
account-tokens-hint = Tokeny pozwalają programom korzystać z API w Twoim imieniu. Każdy token pokazujemy tylko raz, zaraz po utworzeniu. Unieważnij te, których już nie używasz.
account-tokens-none = Nie masz żadnych tokenów.
account-tokens-name = Nazwa
account-tokens-name-hint = Coś, po czym go rozpoznasz, np. „skrypt tablicy ogłoszeń”.
account-tokens-scopes = Co może robić
account-tokens-created = Utworzono
account-tokens-last-used = Ostatnie użycie
account-tokens-actions = Działania
account-tokens-revoked = Unieważniony
account-tokens-revoke = Unieważnij token { $name }
account-tokens-new-heading = Utwórz token
account-tokens-create = Utwórz token
account-scope-read = Odczyt: dostęp do tego, co widzisz
account-scope-write = Zapis: wprowadzanie zmian w Twoim imieniu
account-never = Nigdy
account-token-created-title = Twój nowy token
account-token-created-lead = To jest token „{ $name }”.
account-token-created-scopes = Uprawnienia: { $scopes }
account-token-created-secret = Token:
account-token-created-once = Skopiuj go teraz i przechowuj w bezpiecznym miejscu. Nie pokażemy go ponownie: zapisujemy tylko jego odcisk.
account-token-created-back = Wróć do swojego konta

account-data-heading = Twoje dane
account-access-heading = Rejestr dostępu do Twoich danych osobowych
account-access-hint = Każde użycie Twoich danych osobowych – gdy je pobierasz albo gdy korzystają z nich osoby prowadzące ten serwis – jest tu odnotowane.
account-access-none = Brak wpisów.
account-access-when = Kiedy
account-access-who = Kto
account-access-what = Co
account-access-by-self = Ty
account-access-export = Pobranie kopii wszystkich Twoich danych
account-access-admin-granted = Nadanie Ci uprawnień administratora serwisu
account-access-admin-revoked = Odebranie Ci uprawnień administratora serwisu
account-export-heading = Pobierz swoje dane
account-export-lead = Jeden plik (JSON) ze wszystkim, co ten serwis przechowuje na Twój temat.
account-export-button = Pobierz swoje dane
account-delete-heading = Usuń konto
account-delete-lead = Twoje dane osobowe zostaną trwale usunięte.
account-delete-link = Usuń swoje konto

account-delete-title = Usuń konto
account-delete-what = Jeśli usuniesz konto:
account-delete-gone = Twoja nazwa, adres e-mail, hasło, okolica, sesje, tokeny i członkostwa w grupach zostaną usunięte
account-delete-history = w historii Twoich grup zostaną wpisy o dołączeniu lub odejściu, podpisane „Usunięte konto” zamiast Twojej nazwy
account-delete-final = tego nie da się cofnąć
account-delete-export-first = Możesz najpierw pobrać kopię swoich danych.
account-delete-word = USUŃ
account-delete-confirm = Aby potwierdzić, wpisz { $word } albo swoją nazwę w serwisie
account-delete-confirm-hint = Dzięki temu nikt nie usunie konta przez przypadek.
account-delete-button = Usuń moje konto
account-delete-cancel = Zachowaj moje konto
account-delete-blocked = Tylko Ty masz rolę właściciela w grupie, do której należą też inne osoby
account-delete-blocked-help = Najpierw nadaj rolę właściciela innej osobie w tych grupach, aby nie zostały bez właściciela:
account-delete-back = Przejdź do swoich grup

## Komunikaty.
notice-account-profile-saved = Profil został zapisany.
notice-account-email-sent = Wysłaliśmy link potwierdzający na nowy adres. Adres zmieni się, gdy użyjesz tego linku.
notice-account-email-changed = Adres e-mail został zmieniony.
notice-account-password-saved = Hasło zostało zapisane. Wylogowano Cię ze wszystkich innych miejsc.
notice-account-token-revoked = Token został unieważniony.
notice-account-signed-out-everywhere = Wylogowano Cię wszędzie.
notice-account-deleted = Konto zostało usunięte. Dziękujemy za udział.

## Błędy w polach formularza.
error-email-unchanged = To już jest Twój adres e-mail
error-current-password-required = Wpisz obecne hasło
error-current-password-wrong = Obecne hasło jest nieprawidłowe
error-delete-confirm-required = Wpisz słowo albo swoją nazwę, aby potwierdzić
error-delete-confirm-mismatch = Wpisany tekst się nie zgadza. Wpisz dokładnie to słowo albo swoją nazwę w serwisie.

## Problemy.
problem-email-link-invalid = Ten link potwierdzający jest nieprawidłowy
problem-email-link-invalid-help = Sprawdź, czy link z e-maila został użyty w całości, albo poproś o nowy na stronie swojego konta.
problem-email-link-expired = Ten link potwierdzający wygasł
problem-email-link-expired-help = Linki potwierdzające działają tylko przez krótki czas. Poproś o nowy na stronie swojego konta.
problem-email-link-used = Ten link potwierdzający został już użyty
problem-email-link-used-help = Każdy link działa tylko raz. Jeśli adres się nie zmienił, poproś o nowy link na stronie swojego konta.
problem-email-taken-meanwhile = Ten adres jest teraz używany przez inne konto
problem-email-taken-meanwhile-help = Po wysłaniu linku inne konto zaczęło używać tego adresu e-mail. Twój adres się nie zmienił.
problem-sole-owner = Tylko Ty masz rolę właściciela w grupie, do której należą też inne osoby
problem-sole-owner-help = Najpierw nadaj rolę właściciela innej osobie, aby grupa nie została bez właściciela.

## Being visible to other servers (the fediverse).
fediverse-heading = Widoczność na innych serwerach
fediverse-lead = Wybierz nazwę, aby osoby z Mastodona i innych serwerów fediwersum mogły cię znaleźć i obserwować. Widoczne są tylko twoje imię, nazwa i miejsce zamieszkania. Zostaw nazwę pustą, aby przestać być widocznym: twój publiczny profil zniknie, a twoi obserwujący tam zostaną zapomniani.
fediverse-visible-as = Inni znajdują cię jako
fediverse-profile-link = twój publiczny profil
fediverse-not-visible = Nie jesteś widoczny na innych serwerach.
fediverse-handle = Nazwa
fediverse-handle-hint = Małe litery, cyfry i pojedyncze łączniki, od 2 do 60 znaków. Puste: niewidoczny.
fediverse-save = Zapisz
notice-fediverse-visible = Jesteś teraz widoczny na innych serwerach.
notice-fediverse-hidden = Nie jesteś widoczny na innych serwerach.
profile-address = Na Mastodonie i innych serwerach wyszukaj
profile-address-hint = aby obserwować tę osobę stamtąd.
profile-home-place = Miejsce:
