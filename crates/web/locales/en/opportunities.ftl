## Volunteering opportunities: the list, one opportunity, the publishing
## form, expressions of interest and the replies groups send through the node.
opportunities-title = Volunteer
opportunities-lead = Local groups looking for a hand. Say you are interested and the group gets your message — never your email address.
opportunities-none = No opportunities match right now.
opportunities-managed = Your groups' opportunities
opportunities-place-none = Nobody here is looking for volunteers right now.
opportunities-place-all = All volunteering opportunities here
opportunity-breadcrumb = You are here
opportunity-filter-place = Place
opportunity-filter-any-place = Anywhere
opportunity-filter-legend = Only show
opportunity-filter-button = Show opportunities
opportunity-tag-no-experience = No experience needed
opportunity-tag-remote = Can be done from home
opportunity-tag-min-age = Age { $age }+
opportunity-closes-on = Closes { $date }
opportunity-status-draft = Draft
opportunity-status-published = Published
opportunity-status-closed = Closed
opportunity-commitment-weekly = Every week
opportunity-commitment-weekly-hours = { $hours ->
    [one] 1 hour a week
   *[other] { $hours } hours a week
}
opportunity-commitment-monthly = Every month
opportunity-commitment-monthly-hours = { $hours ->
    [one] 1 hour a month
   *[other] { $hours } hours a month
}
opportunity-commitment-one-off = A one-off
opportunity-commitment-one-off-hours = { $hours ->
    [one] A one-off, 1 hour
   *[other] A one-off, { $hours } hours
}
opportunity-commitment-flexible = Whenever suits you
opportunity-commitment-flexible-hours = { $hours ->
    [one] Flexible, about 1 hour
   *[other] Flexible, about { $hours } hours
}
opportunity-kind-weekly = Every week
opportunity-kind-monthly = Every month
opportunity-kind-one-off = Once
opportunity-kind-flexible = Whenever suits the volunteer
opportunity-new-title = Add a volunteering opportunity
opportunity-edit-title = Edit opportunity
opportunity-save-button = Save opportunity
opportunity-cancel = Cancel
opportunity-field-group = Group offering it
opportunity-field-group-choose = Choose a group
opportunity-field-place = Place
opportunity-field-place-group = The group's own place
opportunity-field-title = Role
opportunity-field-title-hint = For example: Food share driver
opportunity-field-description = What the volunteer will do
opportunity-field-description-hint = You can use Markdown: *emphasis*, lists and links.
opportunity-field-commitment = How often
opportunity-field-hours = Hours (optional)
opportunity-field-hours-hint = A whole number: hours each week or month, or in all for a one-off.
opportunity-field-commitment-text = When, in your words (optional)
opportunity-field-commitment-text-hint = For example: Saturday mornings
opportunity-field-location = Where
opportunity-field-location-hint = An address or a meeting point. Leave empty if it can only be done from home.
opportunity-field-remote = It can be done from home
opportunity-field-where = Where
opportunity-field-skills = Skills that help (optional)
opportunity-field-skills-hint = One a line, or separated by commas. Up to 10.
opportunity-field-min-age = Minimum age (optional)
opportunity-field-min-age-hint = For example 16. Leave empty if any age is welcome.
opportunity-field-suitable-for = Suitable for (optional)
opportunity-field-suitable-for-hint = For example: young people, wheelchair users, families
opportunity-field-closes-on = Closing date (optional)
opportunity-field-closes-on-hint = The last day people can say they are interested. Not in the past.
opportunity-field-status = Who can see it
opportunity-label-skills = Skills that help
opportunity-label-suitable-for = Suitable for
opportunity-label-closes-on = Last day to say you are interested
opportunity-field-message = Your message to the group
opportunity-field-message-hint = Say a little about yourself and when you are free. The group sees your name and this message, not your email address.
opportunity-field-reply = Reply
opportunity-field-reply-hint = Sent by email from the node. The volunteer will not see your email address.
opportunity-responses-link = Responses
opportunity-responses-title = People interested in { $title }
opportunity-responses-privacy = Only the group's admins and owners see this page. Volunteers' email addresses stay on the node: reply here and we pass your message on.
opportunity-responses-none = Nobody has come forward yet.
opportunity-response-withdrawn = Withdrawn
opportunity-former-member = Former member
opportunity-reply-button = Send reply
opportunity-close-button = Close to new volunteers
opportunity-interest-heading = Interested?
opportunity-interest-button = I'm interested
opportunity-interest-already = You told the group you are interested. They will reply by email through the node.
opportunity-interest-closed = This opportunity is not taking volunteers at the moment.
opportunity-withdraw-button = Withdraw my interest
opportunity-sign-in-to-volunteer = Sign in to say you are interested
notice-opportunity-created = The opportunity is saved.
notice-opportunity-updated = Your changes are saved.
notice-opportunity-closed = The opportunity is closed to new volunteers.
notice-opportunity-interest-sent = Your message is on its way to the group.
notice-opportunity-withdrawn = Your interest is withdrawn.
notice-opportunity-reply-sent = Your reply is sent.
notice-opportunity-already-interested = You have already told the group you are interested.
notice-opportunity-not-open = This opportunity is not taking volunteers at the moment.
notice-opportunity-not-interested = You had not said you were interested.
notice-opportunity-response-withdrawn = This person has withdrawn, so the reply was not sent.
opportunity-email-interest-subject = Someone is interested in "{ $title }"
opportunity-email-interest-body = { $volunteer } would like to help with "{ $title }" ({ $group }) and wrote:

    { $message }

    Read and reply on { $node } (their email address is kept private):
    { $link }
opportunity-email-reply-subject = Reply from { $group } about "{ $title }"
opportunity-email-reply-body = { $group } replied about "{ $title }":

    { $message }

    The opportunity: { $link }
    This message was sent through { $node }; replying to this email will not reach the group.
error-opportunity-title-required = Enter the role
error-opportunity-title-too-long = The role must be 120 characters or fewer
error-opportunity-text-invalid = Remove the control characters
error-opportunity-text-too-long = Keep this to 200 characters or fewer
error-opportunity-status-invalid = Choose draft, published or closed
error-opportunity-commitment-invalid = Choose how often
error-opportunity-hours-invalid = Enter a whole number of hours from 1 to 200
error-opportunity-skill-invalid = Keep each skill to 40 characters or fewer
error-opportunity-skills-too-many = List 10 skills or fewer
error-opportunity-min-age-invalid = Enter an age from 10 to 100
error-opportunity-date-invalid = Enter a date like 2026-12-31
error-opportunity-closes-in-past = The closing date must be today or later
error-opportunity-location-required = Enter where it happens, or tick that it can be done from home
error-opportunity-group-invalid = Choose a group you run
error-opportunity-message-required = Write a short message
error-opportunity-message-too-long = Keep the message to 2000 characters or fewer
