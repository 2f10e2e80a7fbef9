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
blueprint-update-notice = Version { $version } of the blueprint this campaign was adopted from is out.
blueprint-update-review-link = See what changed and choose what to take
blueprint-update-crumb = New version
blueprint-update-title = New version of “{ $name }”
blueprint-update-lead = Version { $version } is out; your campaign is on version { $current }. Tick the changes you want. Anything you do not tick stays as it is in your campaign.
blueprint-update-note-heading = What its authors say changed
blueprint-update-nothing = This version changes nothing your campaign uses.
blueprint-update-legend = Changes in version { $version }
blueprint-update-take-button = Take the ticked changes
blueprint-update-dismiss-button = Keep my campaign as it is (decline all)
notice-blueprint-update-taken = Done: your campaign took the changes you chose and is now on the new version.
notice-blueprint-update-dismissed = Declined. You will be told again when a newer version comes.
blueprint-change-title = Title
blueprint-change-goal = Goal
blueprint-change-story = Story
blueprint-change-target = Who must act
blueprint-change-petition-text = Petition text
blueprint-change-threshold = Signatures wanted
blueprint-change-stage-added = New stage: “{ $stage }”
blueprint-change-stage-removed = Stage removed: “{ $stage }”
blueprint-change-stage-title = Stage “{ $stage }”: title
blueprint-change-stage-note = Stage “{ $stage }”: note
blueprint-change-stage-deadline = Stage “{ $stage }”: deadline
blueprint-change-before = Version { $version } said
blueprint-change-after = Version { $version } says
blueprint-change-yours = Your campaign says now
blueprint-change-conflict = You changed this in your campaign: taking it replaces your own text.
blueprint-change-empty = (nothing)
blueprint-change-no-threshold = no threshold
blueprint-change-no-deadline = no deadline
error-blueprint-update-gone = This version is no longer the one to take (someone may have just taken or declined it). Look again below.
error-blueprint-change-unknown = Choose only among the changes listed
error-blueprint-update-invalid = These changes would leave the campaign with a text that is too long or empty; untick that change
blueprint-email-update-subject = { $node }: a new version of “{ $blueprint }” for { $title }
blueprint-email-update-body = Version { $version } of “{ $blueprint }”, the blueprint your campaign “{ $title }” was adopted from, is out.

    See what changed and choose what to take (nothing changes until you do):
    { $link }
blueprint-adapt-title = Publish as a new blueprint
blueprint-adapt-teaser = Made this campaign work for your place? Pass it on: publish it as a blueprint other places can adopt, with credit to the one it came from.
blueprint-adapt-link = Publish it as a new blueprint
blueprint-adapt-lead = Your campaign's texts and stages become a new blueprint, signed by this node, that records it was adapted from “{ $name }”.
blueprint-field-new-id = Its short name
blueprint-field-new-id-hint = Lower-case letters, digits and hyphens, such as save-the-golden-lion
blueprint-field-name = Its name
blueprint-field-summary = Summary
blueprint-field-summary-hint = One or two sentences; leave blank to keep the original's.
blueprint-field-changes = What you changed
blueprint-field-changes-hint = Tell others what you changed from the original and why.
blueprint-adapt-button = Sign and publish
notice-blueprint-adaptation-published = Published: your adaptation is signed by this node and in its catalogue.
blueprint-adaptations-heading = Adaptations
blueprint-no-adaptations = No adaptations known here yet.
blueprint-label-origin = Published by
blueprint-label-derived-from = Adapted from
blueprint-label-changes = What they changed
blueprint-follow-title = Follow another node's catalogue
blueprint-follow-lead = Its blueprints are read now and again every few hours; new versions whose signatures check out are kept here, and groups that adopted an earlier version are told.
blueprint-field-follow-url = The node's address
blueprint-field-follow-url-hint = Such as https://commons.example.org
blueprint-follow-button = Follow
blueprint-followed-heading = Catalogues followed
blueprint-followed-read = last read { $when }
blueprint-followed-failed = Failed
blueprint-unfollow-button = Stop following { $url }
notice-blueprint-followed = Following: its catalogue was read and is read again every few hours.
notice-blueprint-unfollowed = No longer following that catalogue. What was kept stays.
error-blueprint-url-refused = That address is on a private or local network; this node only reads public addresses
error-blueprint-domain-blocked = This node has blocked that domain, so it does not read its catalogue
blueprint-field-venue = Where the sessions happen
blueprint-field-venue-hint = The venue's name and address, such as St Mary's Hall, 12 Church Road
error-blueprint-venue-required = Enter where the sessions happen
error-blueprint-not-adoptable = This blueprint has nothing this node can make from it
error-blueprint-rota-invalid = The blueprint's rota names a day this node does not know
notice-blueprint-adopted-parts = Adopted: your group's directory entry, its weekly session and a volunteering opportunity for each shift are published. Edit them from your group's pages.
blueprint-stories-heading = How it went
blueprint-no-stories = No stories yet from places that adopted it.
blueprint-story-by = { $group }, { $place }
blueprint-story-title = Tell others how it went
blueprint-story-lead = Groups that adopted this blueprint can say how it went: what worked, what you would change. Others browsing the catalogue, here and on other nodes, will read it.
blueprint-field-story = Your story
blueprint-field-story-hint = Up to 2,000 characters. You can use Markdown.
blueprint-story-button = Share the story
notice-blueprint-story-added = Thank you: your story is on the blueprint's page.
error-blueprint-story-required = Write your story
error-blueprint-story-too-long = Shorten the story to 2,000 characters or fewer
error-blueprint-story-not-adopter = Only admins of a group that adopted this blueprint can tell its story
blueprint-field-amount = How much the fund shares out, in pounds
blueprint-field-amount-hint = A whole number, such as 12000. Plural records the budget and the vote; the fund holder pays for the projects.
error-blueprint-amount-required = Enter how much the fund shares out, in pounds
notice-blueprint-adopted-voice = Adopted: the survey is open to the people of your area, and the budget is ready for their projects once it closes. Find both on your place's page.
error-blueprint-survey-invalid = The survey made from this blueprint breaks a rule of surveys once your answers are filled in (a title too long, say): shorten what you entered, or adapt the blueprint
error-blueprint-budget-invalid = The budget made from this blueprint breaks a rule of budgets once your answers are filled in (a title too long, say): shorten what you entered, or adapt the blueprint
