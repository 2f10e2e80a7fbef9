voice-nav = Proposals
voice-title = Proposals
voice-lead = Ideas from people who live here, for the places they live in. Support the ones you care about, talk them through, and see what the council or the place's stewards answer, and what was done.
voice-sign-in = Sign in to make a proposal
voice-sign-in-support = Sign in to support or follow this proposal
voice-new-button = Make a proposal
voice-new-title = Make a proposal
voice-edit-title = Change your draft
voice-form-help = Say what you would like to change and why. Publish it now, or keep it as a draft that only you can see.
voice-filter-any-place = Any place
voice-filter-any-state = Any answer
voice-filter-button = Show
voice-none = No proposals here yet.
voice-mine = Your proposals
voice-draft = Draft
voice-choose = Choose…
voice-cancel = Cancel
voice-breadcrumb = Where you are
voice-feeds-heading = Follow in a feed reader
voice-feed-proposals = New proposals (Atom)
voice-feed-answers = Answers and progress (Atom)
voice-supports-count = { $count ->
    [one] 1 supporter
   *[other] { $count } supporters
}
voice-comments-count = { $count ->
    [one] 1 comment
   *[other] { $count } comments
}
voice-proposed-by = Proposed by { $name }
voice-field-place = Place
voice-field-state = Answer
voice-field-title = Your proposal in a few words
voice-field-title-hint = For example "A zebra crossing outside St Saviour's school".
voice-field-summary = In one or two sentences
voice-field-summary-hint = This is shown in lists.
voice-field-body = More about it
voice-field-body-hint = Optional. Why it matters, who it would help. No one's personal details, please.
voice-publish-button = Publish
voice-draft-button = Save as a draft
voice-edit-link = Change the draft
voice-draft-help = Only you can see this draft. Publish it when it is ready; after that it cannot be changed.
voice-support-button = Support this proposal
voice-unsupport-button = Withdraw my support
voice-follow-button = Follow (email me answers and progress)
voice-unfollow-button = Stop following
voice-support-closed-help = A decision has been taken, so this proposal no longer gathers support.
voice-answers-heading = Official answer and progress
voice-no-answer = No answer yet.
voice-official-answer = Answer
voice-update = Progress update
voice-by-stewards = The stewards of { $place }
voice-as-steward = A steward of { $place }
voice-answer-heading = Answer or give an update
voice-field-by = Answering as
voice-field-answer-state = State
voice-field-answer = The reasons, or what was done
voice-field-answer-hint = This is published on the page and emailed to the people following the proposal.
voice-answer-button = Publish the answer
voice-comments-heading = Comments
voice-no-comments = No comments yet.
voice-comment-removed = This comment was removed by a steward.
voice-reply-link = Reply
voice-report-link = Report
voice-comment-heading = Add a comment
voice-reply-heading = Reply to { $name }
voice-field-comment = Your comment
voice-field-comment-hint = Be kind. No one's personal details.
voice-comment-button = Post the comment
voice-report-title = Report a comment
voice-report-help = The stewards of this place will read it and may take the comment down. The person who wrote it is not told who reported it.
voice-field-reason = Why are you reporting it?
voice-field-report-details = Anything the stewards should know
voice-field-report-details-hint = Optional.
voice-report-button = Send the report
voice-reason-abusive = Abusive or hateful
voice-reason-personal-data = It gives someone's personal details
voice-reason-spam = Spam or advertising
voice-reason-off-topic = Off topic
voice-reason-other = Something else
voice-moderation-title = Reported comments
voice-moderation-help = Comments on proposals in the places you steward that someone reported. Your decision and your reason go in the place's public stewardship log, without anyone's personal details.
voice-moderation-none = Nothing is waiting.
voice-field-decision-reason = Your reason (public)
voice-remove-button = Take the comment down
voice-dismiss-button = Keep it
voice-log-title = Stewardship log of { $place }
voice-log-help = Every answer given and moderation decision taken here: who acted, in which role, on what and why. It never names the person a decision was about.
voice-log-none = Nothing has been logged yet.
voice-log-when = When
voice-log-who = Who
voice-log-role = Role
voice-log-what = What
voice-log-why = Why
voice-role-steward = Steward
voice-role-node-admin = Node admin
voice-role-public-body = Public body
voice-action-comment-removed = Took a comment down
voice-action-report-dismissed = Kept a reported comment
voice-action-proposal-answered = Answered a proposal
voice-action-proposal-updated = Updated a proposal's progress
voice-state-none = Not answered yet
voice-state-under-consideration = Under consideration
voice-state-accepted = Accepted
voice-state-in-progress = In progress
voice-state-done = Done
voice-state-not-taken-forward = Not taken forward
voice-email-answer-subject = "{ $title }": { $state }
voice-email-answer-body = Hello,

    { $who } answered the proposal "{ $title }" on { $node }: { $state }.

    { $answer }

    Read it in full, or stop following the proposal, here:
    { $link }

error-voice-title-required = Say in a few words what you propose
error-voice-summary-required = Say in one or two sentences what you propose
error-voice-text-too-long = This is too long
error-voice-text-invalid = Remove the control characters
error-voice-comment-required = Write a comment
error-voice-answer-required = Give the reasons, or say what was done
error-voice-reason-invalid = Choose why you are reporting this
error-voice-answer-state-invalid = Choose a state
error-voice-answer-state-not-allowed = A proposal cannot move to that state from where it is now
error-voice-place-invalid = Choose a place
error-voice-parent-invalid = The comment you reply to is not on this proposal
error-voice-comment-invalid = Choose a comment on this proposal
error-voice-report-own = You cannot report your own comment
error-voice-by-required = Choose who you are answering for
error-voice-by-invalid = There is no such group
error-voice-decision-invalid = Choose to take the comment down or keep it

notice-voice-published = Your proposal is published.
notice-voice-drafted = Your draft is saved. Only you can see it.
notice-voice-saved = Your draft is saved.
notice-voice-supported = Thank you: your support is counted.
notice-voice-unsupported = Your support is withdrawn.
notice-voice-followed = You will get an email when it is answered or its progress updated.
notice-voice-unfollowed = You no longer follow this proposal.
notice-voice-commented = Your comment is posted.
notice-voice-answered = The answer is published, and the people following the proposal are told.
notice-voice-reported = Thank you. The place's stewards will look at your report.
notice-voice-decided = The report is dealt with, and the decision is in the public log.
notice-voice-reason-too-long = The reason is too long.
notice-voice-not-draft = That proposal is already published.
notice-voice-support-closed = A decision has been taken, so this proposal no longer gathers support.
notice-voice-already-supported = You already support this proposal; each person counts once.
notice-voice-not-supported = You were not supporting it.
notice-voice-not-published = That proposal is not published.
notice-voice-report-decided = That report was already dealt with.
notice-voice-answer-changed = Someone answered at the same time. Read their answer, then try again.
notice-voice-author-only = Only the person who proposed it can do that.
notice-voice-answer-not-allowed = Only a verified public body or the place's stewards can answer proposals.
notice-voice-body-not-verified = That group is not a verified public body, so it cannot give official answers.
notice-voice-body-not-here = That public body does not cover this place.
notice-voice-steward-only = Only the place's stewards can do that.
