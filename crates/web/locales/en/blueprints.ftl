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
blueprint-browse-link = Browse another node's blueprints
blueprint-browse-title = Another node's blueprints
blueprint-browse-lead = Give the address of another Plural node to see the blueprints it publishes. Each one's signature is checked here.
blueprint-field-url = The node's address
blueprint-field-url-hint = Such as https://commons.example.org
blueprint-browse-button = Show its blueprints
blueprint-browse-results = Blueprints published by { $origin }
blueprint-browse-none = It publishes no blueprints.
blueprint-label-key = Its signing key:
blueprint-adoptions-there = { $count ->
    [one] adopted once there
   *[other] adopted { $count } times there
}
blueprint-verified = Signature checked
blueprint-not-verified = Signature does not check out
blueprint-derived-from = Adapted from: { $origins }
error-blueprint-url-invalid = Enter a web address starting with https://
error-blueprint-feed-unreachable = No Plural catalogue could be read at that address. Check it and try again.
error-blueprint-feed-invalid = That address did not answer with a Plural blueprint catalogue
blueprint-manage-link = Publish or install a blueprint (node admins)
blueprint-manage-title = Publish or install a blueprint
blueprint-manage-problems = What to fix
blueprint-publish-title = Publish a blueprint as this node
blueprint-publish-lead = Paste a blueprint (TOML or JSON). It is checked, signed with this node's key and listed in this node's catalogue and feed.
blueprint-field-source = The blueprint
blueprint-field-source-hint = The whole file, as you would check it with plural blueprint validate.
blueprint-publish-button = Check, sign and publish
blueprint-install-title = Install a blueprint from another node
blueprint-install-lead = Paste a signed blueprint (JSON) or its address. Every signature and what it was derived from are checked first; nothing is installed if anything is wrong.
blueprint-field-document = The signed blueprint or its address
blueprint-field-document-hint = For example the output of plural blueprint sign, or an https:// address serving it.
blueprint-install-button = Check and install
blueprint-published = Published { $name }: signed by this node and listed in its catalogue.
blueprint-installed = Installed { $name }: its signatures were checked.
error-blueprint-not-accepted = This blueprint was not accepted: fix the problems listed below and try again
