blueprints-title = Blueprints
blueprints-lead = Campaigns and community projects that worked somewhere else, packaged so your place can adopt them, adapt them and pass them on.
blueprints-format = A blueprint is data, never code: its format is described by a JSON Schema.
blueprints-schema-link = The blueprint schema
blueprints-from-campaigns = Or start from a blueprint: a campaign that worked somewhere else.
blueprint-version = Version { $version }
blueprint-adoptions = { $count ->
    [one] Adopted once here
   *[other] Adopted { $count } times here
}
blueprint-label-version = Version
blueprint-label-authors = Written by
blueprint-label-licence = Licence
blueprint-label-modules = Uses
blueprint-label-adoptions = Campaigns here started from it
blueprint-label-digest = Fingerprint (SHA-256)
blueprint-adopt-button = Adopt it for your place
blueprint-guidance-heading = Guidance for organisers
blueprint-adopt-title = Adopt “{ $name }”
blueprint-adopt-lead = A draft campaign is made for your group from this blueprint, with its stages and texts. You can change everything before you make it active.
blueprint-optional = (optional)
blueprint-yes = Yes
blueprint-no = No
blueprint-dates-legend = Dates you already know
blueprint-dates-hint = Leave a date blank if it has not happened yet: its deadlines appear when you add it.
blueprint-adopt-submit = Make the campaign
blueprint-years = { $n ->
    [one] { $n } year
   *[other] { $n } years
}
blueprint-months = { $n ->
    [one] { $n } month
   *[other] { $n } months
}
blueprint-weeks = { $n ->
    [one] { $n } week
   *[other] { $n } weeks
}
blueprint-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
blueprint-deadline-rule = { $after } after “{ $from }”
notice-blueprint-adopted = Campaign made from the blueprint. It is a draft: check the texts and stages, then make it active.
notice-blueprint-not-a-campaign = This blueprint does not make a campaign.
error-blueprint-field-required = Fill this in
error-blueprint-choice-invalid = Choose one of the options
error-blueprint-syntax-invalid = Say whether the blueprint is toml or json
