## Places: the hierarchy, one place, and the forms to add or edit one.
places-title = Places
places-lead = The areas this node serves, from the largest to the smallest.
places-none = No places yet.
place-breadcrumb = You are here
place-footprint-circle = Within { $radius } m of { $latitude }, { $longitude }
place-footprint-polygon = Boundary: polygon
place-home-count = { $count ->
    [0] Nobody has chosen this as their home place yet.
    [one] 1 person has chosen this as their home place.
   *[other] { $count } people have chosen this as their home place.
}
place-children = Places within
place-groups = Groups in this place
place-no-groups = No groups here yet.
place-all-groups = See all groups in this place
place-new-title = Add a place
place-edit-title = Edit place
place-save = Save place
field-place-name = Name
field-place-slug = Web name
field-place-slug-hint = Used in the web address. Lower-case letters, numbers and hyphens. Leave empty to make one from the name.
field-place-description = Description
field-place-parent = Part of
field-place-parent-none = Nothing (a top-level place)
field-place-footprint = Where it is (optional)
field-place-footprint-hint = Give a centre point and a radius, or paste a GeoJSON boundary. A boundary is used if you give both.
field-latitude = Latitude of the centre
field-latitude-hint = Between -90 and 90, like 51.4652
field-longitude = Longitude of the centre
field-longitude-hint = Between -180 and 180, like -0.1050
field-radius = Radius in metres
field-geojson = Boundary (GeoJSON)
field-geojson-hint = A GeoJSON Polygon or MultiPolygon geometry.
error-parent-cycle = A place cannot be part of itself or of a place within it. Choose another.
notice-place-created = The place has been added.
notice-place-updated = The place has been saved.
error-footprint-null-only = Send null to remove the footprint, or send latitude, longitude and radius_m, or geojson, to replace it
place-this-week = What's on this week
place-this-week-none = Nothing on in the next 7 days.
place-all-events = See all events in this place
place-new-services = New services
place-new-services-none = No services are listed here yet.
