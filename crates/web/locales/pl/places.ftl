## Miejsca: hierarchia, pojedyncze miejsce i formularze do dodawania lub edycji.
places-title = Miejsca
places-lead = Obszary, którym służy ten serwis – od największego do najmniejszego.
places-none = Nie ma jeszcze żadnych miejsc.
place-breadcrumb = Jesteś tutaj
place-footprint-circle = W promieniu { $radius } m od punktu { $latitude }, { $longitude }
place-footprint-polygon = Granica: wielokąt
place-home-count = { $count ->
    [0] Nikt jeszcze nie wybrał tego miejsca jako swojej okolicy.
    [one] 1 osoba wybrała to miejsce jako swoją okolicę.
    [few] { $count } osoby wybrały to miejsce jako swoją okolicę.
    [many] { $count } osób wybrało to miejsce jako swoją okolicę.
   *[other] { $count } osoby wybrało to miejsce jako swoją okolicę.
}
place-children = Miejsca w tym obszarze
place-groups = Grupy w tym miejscu
place-no-groups = Nie ma tu jeszcze żadnych grup.
place-all-groups = Zobacz wszystkie grupy w tym miejscu
place-new-title = Dodaj miejsce
place-edit-title = Edytuj miejsce
place-save = Zapisz miejsce
field-place-name = Nazwa
field-place-slug = Nazwa w adresie strony
field-place-slug-hint = Używana w adresie strony. Małe litery, cyfry i łączniki. Zostaw puste, a utworzymy ją z nazwy.
field-place-description = Opis
field-place-parent = Należy do
field-place-parent-none = Nie należy do innego miejsca (najwyższy poziom)
field-place-footprint = Położenie (nieobowiązkowo)
field-place-footprint-hint = Podaj punkt środkowy i promień albo wklej granicę w formacie GeoJSON. Jeśli podasz jedno i drugie, użyjemy granicy.
field-latitude = Szerokość geograficzna środka
field-latitude-hint = Od -90 do 90, np. 51.4652
field-longitude = Długość geograficzna środka
field-longitude-hint = Od -180 do 180, np. -0.1050
field-radius = Promień w metrach
field-geojson = Granica (GeoJSON)
field-geojson-hint = Geometria GeoJSON typu Polygon lub MultiPolygon.
error-parent-cycle = Miejsce nie może należeć do samego siebie ani do miejsca, które się w nim znajduje. Wybierz inne.
notice-place-created = Miejsce zostało dodane.
notice-place-updated = Miejsce zostało zapisane.
error-footprint-null-only = Wyślij null, aby usunąć położenie, albo wyślij latitude, longitude i radius_m lub geojson, aby je zastąpić
place-this-week = Co się dzieje w tym tygodniu
place-this-week-none = Nic w ciągu najbliższych 7 dni.
place-all-events = Zobacz wszystkie wydarzenia w tym miejscu
place-new-services = Nowe usługi
place-new-services-none = Nie ma tu jeszcze żadnych usług.
