## Zakładanie konta i logowanie.
sign-up-title = Załóż konto
sign-up-lead = Wystarczy adres e-mail. Możesz używać dowolnej nazwy – pseudonim też jest w porządku.
sign-up-button = Załóż konto
sign-up-have-account = Masz już konto?
field-display-name = Twoja nazwa w serwisie
field-display-name-hint = Inni widzą tę nazwę. Nie musi to być Twoje prawdziwe imię i nazwisko.
field-email = Adres e-mail
field-email-hint = Służy tylko do logowania i do wiadomości, o które poprosisz. Nigdy nikomu go nie pokazujemy.
field-password = Hasło
field-password-hint = Co najmniej 10 znaków. Kilka niezwiązanych ze sobą słów to dobre hasło.
sign-in-title = Zaloguj się
sign-in-password-heading = Hasłem
sign-in-button = Zaloguj się
sign-in-link-heading = Linkiem wysłanym e-mailem
sign-in-link-lead = Wyślemy Ci e-mailem link, który Cię zaloguje. Jeśli nie masz jeszcze konta, link je utworzy.
sign-in-link-button = Wyślij mi link do logowania
sign-in-no-account = Pierwszy raz tutaj?
check-email-title = Sprawdź skrzynkę e-mail
check-email-lead = Jeśli na ten adres można wysyłać e-maile, link do logowania jest już w drodze.
check-email-help = Link działa tylko raz i przez krótki czas. Jeśli nic nie przyjdzie, sprawdź folder ze spamem albo poproś o link jeszcze raz.
confirm-link-title = Dokończ logowanie
confirm-link-button = Zaloguj się
field-display-name-new = Twoja nazwa w serwisie (tylko jeśli nie masz jeszcze konta)
field-display-name-new-hint = Zostaw puste, jeśli masz już konto.
email-magic-link-subject = Twój link do logowania w serwisie { $node }
email-magic-link-body = Dzień dobry,

    Użyj tego linku, aby zalogować się w serwisie { $node }:

    { $link }

    Link działa tylko raz, przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }. Jeśli ta prośba nie pochodzi od Ciebie, zignoruj tę wiadomość: bez tego linku nikt się nie zaloguje.
