voice-nav = Propozycje
voice-title = Propozycje
voice-lead = Pomysły mieszkańców dla miejsc, w których żyją. Poprzyj te, na których ci zależy, omów je i zobacz, co odpowiada rada lub opiekunowie miejsca i co zostało zrobione.
voice-sign-in = Zaloguj się, aby złożyć propozycję
voice-sign-in-support = Zaloguj się, aby poprzeć lub obserwować tę propozycję
voice-new-button = Złóż propozycję
voice-new-title = Złóż propozycję
voice-edit-title = Zmień szkic
voice-form-help = Napisz, co chcesz zmienić i dlaczego. Opublikuj teraz albo zachowaj jako szkic widoczny tylko dla ciebie.
voice-filter-any-place = Dowolne miejsce
voice-filter-any-state = Dowolna odpowiedź
voice-filter-button = Pokaż
voice-none = Nie ma tu jeszcze propozycji.
voice-mine = Twoje propozycje
voice-draft = Szkic
voice-choose = Wybierz…
voice-cancel = Anuluj
voice-breadcrumb = Gdzie jesteś
voice-feeds-heading = Obserwuj w czytniku kanałów
voice-feed-proposals = Nowe propozycje (Atom)
voice-feed-answers = Odpowiedzi i postępy (Atom)
voice-supports-count = { $count ->
    [one] 1 osoba popiera
    [few] { $count } osoby popierają
   *[other] { $count } osób popiera
}
voice-comments-count = { $count ->
    [one] 1 komentarz
    [few] { $count } komentarze
   *[other] { $count } komentarzy
}
voice-proposed-by = Zaproponował(a) { $name }
voice-field-place = Miejsce
voice-field-state = Odpowiedź
voice-field-title = Twoja propozycja w kilku słowach
voice-field-title-hint = Na przykład „Przejście dla pieszych przy szkole St Saviour's”.
voice-field-summary = W jednym lub dwóch zdaniach
voice-field-summary-hint = To pojawia się na listach.
voice-field-body = Więcej szczegółów
voice-field-body-hint = Opcjonalnie. Dlaczego to ważne, komu pomoże. Bez niczyich danych osobowych.
voice-publish-button = Opublikuj
voice-draft-button = Zapisz jako szkic
voice-edit-link = Zmień szkic
voice-draft-help = Tylko ty widzisz ten szkic. Opublikuj go, gdy będzie gotowy; potem nie można go zmienić.
voice-support-button = Popieram tę propozycję
voice-unsupport-button = Wycofaj poparcie
voice-follow-button = Obserwuj (wyślij mi odpowiedzi i postępy)
voice-unfollow-button = Przestań obserwować
voice-support-closed-help = Decyzja została podjęta, więc ta propozycja nie zbiera już poparcia.
voice-answers-heading = Oficjalna odpowiedź i postępy
voice-no-answer = Jeszcze bez odpowiedzi.
voice-official-answer = Odpowiedź
voice-update = Informacja o postępach
voice-by-stewards = Opiekunowie miejsca { $place }
voice-as-steward = Opiekun miejsca { $place }
voice-answer-heading = Odpowiedz lub podaj postępy
voice-field-by = Odpowiadasz jako
voice-field-answer-state = Stan
voice-field-answer = Uzasadnienie lub co zostało zrobione
voice-field-answer-hint = Zostanie opublikowane na stronie i wysłane e-mailem do osób obserwujących propozycję.
voice-answer-button = Opublikuj odpowiedź
voice-comments-heading = Komentarze
voice-no-comments = Jeszcze nie ma komentarzy.
voice-comment-removed = Ten komentarz został usunięty przez opiekuna.
voice-reply-link = Odpowiedz
voice-report-link = Zgłoś
voice-comment-heading = Dodaj komentarz
voice-reply-heading = Odpowiedź dla { $name }
voice-field-comment = Twój komentarz
voice-field-comment-hint = Bądź życzliwy. Bez niczyich danych osobowych.
voice-comment-button = Opublikuj komentarz
voice-report-title = Zgłoś komentarz
voice-report-help = Opiekunowie tego miejsca przeczytają zgłoszenie i mogą usunąć komentarz. Autor nie dowie się, kto go zgłosił.
voice-field-reason = Dlaczego go zgłaszasz?
voice-field-report-details = Co opiekunowie powinni wiedzieć
voice-field-report-details-hint = Opcjonalnie.
voice-report-button = Wyślij zgłoszenie
voice-reason-abusive = Obraźliwy lub nienawistny
voice-reason-personal-data = Podaje czyjeś dane osobowe
voice-reason-spam = Spam lub reklama
voice-reason-off-topic = Nie na temat
voice-reason-other = Coś innego
voice-moderation-title = Zgłoszone komentarze
voice-moderation-help = Zgłoszone komentarze pod propozycjami w miejscach, którymi się opiekujesz. Twoja decyzja i uzasadnienie trafią do publicznego dziennika miejsca, bez niczyich danych osobowych.
voice-moderation-none = Nic nie czeka.
voice-field-decision-reason = Uzasadnienie (publiczne)
voice-remove-button = Usuń komentarz
voice-dismiss-button = Zostaw go
voice-log-title = Dziennik opieki: { $place }
voice-log-help = Każda udzielona odpowiedź i decyzja moderacyjna: kto działał, w jakiej roli, w jakiej sprawie i dlaczego. Nigdy nie wymienia osoby, której decyzja dotyczyła.
voice-log-none = Nic jeszcze nie zapisano.
voice-log-when = Kiedy
voice-log-who = Kto
voice-log-role = Rola
voice-log-what = Co
voice-log-why = Dlaczego
voice-role-steward = Opiekun
voice-role-node-admin = Administrator węzła
voice-role-public-body = Instytucja publiczna
voice-action-comment-removed = Usunięcie komentarza
voice-action-report-dismissed = Pozostawienie zgłoszonego komentarza
voice-action-proposal-answered = Odpowiedź na propozycję
voice-action-proposal-updated = Aktualizacja postępów propozycji
voice-state-none = Jeszcze bez odpowiedzi
voice-state-under-consideration = Rozważana
voice-state-accepted = Przyjęta
voice-state-in-progress = W realizacji
voice-state-done = Zrealizowana
voice-state-not-taken-forward = Nie będzie realizowana
voice-email-answer-subject = „{ $title }”: { $state }
voice-email-answer-body = Dzień dobry,

    { $who } odpowiedział(a) na propozycję „{ $title }” w { $node }: { $state }.

    { $answer }

    Całość, lub rezygnacja z obserwowania propozycji, tutaj:
    { $link }

error-voice-title-required = Napisz w kilku słowach, co proponujesz
error-voice-summary-required = Napisz w jednym lub dwóch zdaniach, co proponujesz
error-voice-text-too-long = To jest za długie
error-voice-text-invalid = Usuń znaki sterujące
error-voice-comment-required = Napisz komentarz
error-voice-answer-required = Podaj uzasadnienie lub napisz, co zostało zrobione
error-voice-reason-invalid = Wybierz powód zgłoszenia
error-voice-answer-state-invalid = Wybierz stan
error-voice-answer-state-not-allowed = Propozycja nie może przejść do tego stanu z obecnego
error-voice-place-invalid = Wybierz miejsce
error-voice-parent-invalid = Komentarz, na który odpowiadasz, nie dotyczy tej propozycji
error-voice-comment-invalid = Wybierz komentarz pod tą propozycją
error-voice-report-own = Nie możesz zgłosić własnego komentarza
error-voice-by-required = Wybierz, w czyim imieniu odpowiadasz
error-voice-by-invalid = Nie ma takiej grupy
error-voice-decision-invalid = Wybierz: usunąć komentarz czy go zostawić

notice-voice-published = Twoja propozycja jest opublikowana.
notice-voice-drafted = Szkic zapisany. Widzisz go tylko ty.
notice-voice-saved = Szkic zapisany.
notice-voice-supported = Dziękujemy: twoje poparcie zostało policzone.
notice-voice-unsupported = Twoje poparcie zostało wycofane.
notice-voice-followed = Dostaniesz e-mail, gdy pojawi się odpowiedź lub informacja o postępach.
notice-voice-unfollowed = Nie obserwujesz już tej propozycji.
notice-voice-commented = Twój komentarz jest opublikowany.
notice-voice-answered = Odpowiedź jest opublikowana, a obserwujący zostali powiadomieni.
notice-voice-reported = Dziękujemy. Opiekunowie miejsca przyjrzą się zgłoszeniu.
notice-voice-decided = Zgłoszenie zostało rozpatrzone, a decyzja jest w publicznym dzienniku.
notice-voice-reason-too-long = Uzasadnienie jest za długie.
notice-voice-not-draft = Ta propozycja jest już opublikowana.
notice-voice-support-closed = Decyzja została podjęta, więc ta propozycja nie zbiera już poparcia.
notice-voice-already-supported = Już popierasz tę propozycję; każda osoba liczy się raz.
notice-voice-not-supported = Nie popierałeś(-aś) jej.
notice-voice-not-published = Ta propozycja nie jest opublikowana.
notice-voice-report-decided = To zgłoszenie zostało już rozpatrzone.
notice-voice-answer-changed = Ktoś odpowiedział w tym samym czasie. Przeczytaj tę odpowiedź i spróbuj ponownie.
notice-voice-author-only = Tylko autor propozycji może to zrobić.
notice-voice-answer-not-allowed = Na propozycje mogą odpowiadać tylko zweryfikowane instytucje publiczne lub opiekunowie miejsca.
notice-voice-body-not-verified = Ta grupa nie jest zweryfikowaną instytucją publiczną, więc nie może udzielać oficjalnych odpowiedzi.
notice-voice-body-not-here = Ta instytucja publiczna nie obejmuje tego miejsca.
notice-voice-steward-only = Tylko opiekunowie miejsca mogą to zrobić.
