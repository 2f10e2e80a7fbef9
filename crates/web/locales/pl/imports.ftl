# Importy (administratorzy węzła)
admin-imports = Importy
admin-imports-link = Importuj usługi i wydarzenia z plików oraz subskrybuj kalendarze
import-title = Importy
import-lead = Wprowadź usługi i wydarzenia opublikowane gdzie indziej. Każdy import kończy się raportem: co przyjęto oraz każdy odrzucony rekord wraz z powodem. Odrzucony rekord nie jest w ogóle zapisywany.
import-back-admin = Wróć do zarządzania węzłem
import-hsds-title = Usługi z pliku JSON Open Referral (HSDS)
import-csv-title = Usługi z arkusza (CSV)
import-ical-title = Wydarzenia z pliku iCalendar
import-field-place = Miejsce, do którego importować
import-choose-place = Wybierz miejsce
import-field-group = Grupa, do której będą należeć wydarzenia
import-choose-group = Wybierz grupę
import-field-hsds-file = Plik HSDS
import-field-hsds-file-hint = Plik .json z jedną usługą, listą usług lub ich stroną (HSDS 3.0).
import-field-csv-file = Plik CSV
import-field-csv-file-hint = Plik .csv w UTF-8 z wierszem nagłówka, jedna usługa w wierszu.
import-csv-columns = Jakich kolumn potrzebuje plik
import-csv-required = Kolumny wymagane:
import-csv-optional = Kolumny opcjonalne:
import-csv-formats = Nazwy kolumn mogą być w dowolnej kolejności i wielkości liter. Dni otwarcia to MO,TU,WE,TH,FR,SA,SU; godziny w formacie GG:MM; języki to dwuliterowe kody oddzielone przecinkami; koszt to kwota, np. 2.50, pusta, gdy bezpłatnie.
import-field-ical-file = Plik iCalendar
import-field-ical-file-hint = Plik .ics wyeksportowany z kalendarza.
import-button = Importuj
import-subscribe-title = Dodaj subskrypcję iCalendar
import-subscribe-hint = Kalendarz zostanie pobrany teraz, a potem regularnie; jego wydarzenia staną się wydarzeniami grupy. Wydarzenia, które z niego znikną, zostaną tu odwołane.
import-field-url = Adres kalendarza
import-field-url-hint = Adres http lub https, zwykle kończący się na .ics
import-field-interval = Jak często go pobierać
import-subscribe-button = Dodaj subskrypcję
import-subscriptions = Subskrypcje kalendarzy
import-subscriptions-none = Nie ma jeszcze subskrypcji kalendarzy.
import-col-url = Kalendarz
import-col-group = Grupa
import-col-interval = Pobieranie
import-col-fetched = Ostatnio pobrano
import-col-succeeded = Ostatni sukces
import-col-error = Ostatni błąd
import-no-error = Brak
import-fetch-now = Pobierz teraz { $url }
import-remove = Usuń { $url }
import-never = Nigdy
import-every-minutes = Co { $n } minut
import-every-hours = { $n ->
    [one] Co godzinę
    [few] Co { $n } godziny
   *[other] Co { $n } godzin
}
import-every-days = { $n ->
    [one] Codziennie
   *[other] Co { $n } dni
}
import-report-title = Import zakończony
import-taken = Przyjęto
import-updated = Zaktualizowano
import-unchanged = Bez zmian
import-refused = Odrzucono
import-refused-title = Odrzucone rekordy: { $count }
import-refused-hint = Nic z nich nie zostało zapisane. Popraw je w pliku i zaimportuj go ponownie; to, co już przyjęto, zostanie dopasowane, a nie zdublowane.
import-warnings-title = Przyjęte bez błędnej części: { $count }
import-back = Wróć do importów
import-error-no-file = Wybierz plik do zaimportowania
import-error-type = Wybrany plik musi być plikiem .{ $types }
import-error-empty = Wybrany plik jest pusty
import-error-utf8 = Wybrany plik musi być tekstem w UTF-8
import-error-no-place = Wybierz miejsce, do którego importować
import-error-no-group = Wybierz grupę, do której będą należeć wydarzenia
import-error-no-url = Wpisz adres kalendarza
import-error-interval = Wybierz, jak często pobierać kalendarz
notice-import-subscribed = Dodano subskrypcję. Kalendarz jest właśnie pobierany.
notice-import-fetch-queued = Kalendarz zostanie pobrany za chwilę.
notice-import-unsubscribed = Usunięto subskrypcję. Wydarzenia, które wniosła, pozostają.
