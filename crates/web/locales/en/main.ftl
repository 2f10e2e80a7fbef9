## The layout, shared by every page.
skip-to-content = Skip to main content
nav-main = Main
nav-language = Language
nav-places = Places
nav-groups = Groups
nav-admin = Admin
nav-account = Your account
nav-sign-in = Sign in
nav-sign-up = Create an account
nav-sign-out = Sign out
footer-commons = A digital commons owned and run by its community. No trackers, no adverts.
footer-api = Open API
back-home = Go to the home page
error-summary-title = There is a problem
error-prefix = Error:
error-title-prefix = Error:

## Home.
home-title = Home
home-lead = What is happening near you, who is doing it, and how to take part.
home-whats-on = What's on soon
home-all-events = All events
home-all-services = Services near you
home-all-opportunities = Volunteer
home-places = Places
home-no-places = No places yet.
home-groups = Groups
home-no-groups = No groups yet.
home-all-groups = See all groups
group-member-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}

## Notices shown once after an action.
notice-welcome = Welcome! Your account is ready.
notice-signed-in = You are signed in.
notice-signed-out = You have signed out.

## Field errors: error-<code>.
error-email-required = Enter your email address
error-email-invalid = Enter an email address in the correct format, like name@example.org
error-email-taken = There is already an account with this email address. Sign in instead, or ask for a sign-in link.
error-display-name-required = Enter the name you want to be known by
error-display-name-too-long = The name must be 60 characters or fewer
error-display-name-invalid = The name must not contain control characters
error-password-too-short = The password must be at least 10 characters
error-password-too-long = The password must be 256 characters or fewer
error-password-too-common = This password is too common or too easy to guess. Try a few unrelated words together.
error-credentials-invalid = The email address or password is not right
error-account-disabled = This account has been disabled by the people who run this site. Contact them if you think this is a mistake.
error-language-invalid = Choose one of the languages offered
error-slug-required = Enter a short web name
error-slug-invalid = Use only lower-case letters, numbers and single hyphens (2 to 60 characters)
error-slug-taken = This web name is already used. Choose another.
error-name-required = Enter a name
error-name-too-long = The name is too long
error-name-invalid = The name must not contain control characters
error-description-too-long = The description is too long
error-number-required = Enter a number
error-number-invalid = Enter a number, like 51.46
error-number-out-of-range = The number is outside the allowed range
error-geojson-invalid = Enter a GeoJSON Polygon or MultiPolygon geometry
error-group-kind-invalid = Choose what kind of group this is
error-role-invalid = Choose owner, admin or member
error-join-policy-invalid = Choose how people can join
error-place-invalid = Choose a place from the list
error-scope-invalid = Scopes can only be read or write
error-scope-required = Choose at least one scope

## Problems: problem-<code> is the heading, problem-<code>-help the explanation.
problem-detail = Details: { $detail }
problem-invalid-input = Some details need fixing
problem-invalid-input-help = Check the details you entered and try again.
problem-invalid-query = Some search filters cannot be used
problem-invalid-query-help = Check the filters and try again.
problem-not-found = Page not found
problem-not-found-help = If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.
problem-unauthenticated = You need to sign in
problem-unauthenticated-help = Sign in to continue.
problem-forbidden = You cannot do this
problem-forbidden-help = Your account does not have permission for this.
problem-conflict = This has already been done
problem-conflict-help = The thing you tried to change is not in a state where that is possible.
problem-bad-request = Something was wrong with the request
problem-bad-request-help = Go back and try again.
problem-malformed-json = The request body is not valid JSON
problem-malformed-json-help = Send a well-formed JSON document.
problem-invalid-body = The request body does not match what this endpoint accepts
problem-invalid-body-help = Check field names and types against the API documentation.
problem-unsupported-media-type = Unsupported content type
problem-unsupported-media-type-help = Send the body in the format this address accepts.
problem-payload-too-large = The request is too large
problem-payload-too-large-help = Send less data at once.
problem-method-not-allowed = That method is not allowed here
problem-method-not-allowed-help = This address does not accept that kind of request.
problem-rate-limited = Too many attempts
problem-rate-limited-help = Wait a few minutes and try again.
problem-csrf-failed = This form has expired
problem-csrf-failed-help = Go back, reload the page and submit the form again.
problem-insufficient-scope = This token cannot do that
problem-insufficient-scope-help = Make a token with the scope this needs.
problem-internal-error = Sorry, there is a problem with the service
problem-internal-error-help = Try again later. Nothing you submitted was half-saved.
problem-timeout = The request took too long
problem-timeout-help = Try again.
problem-link-invalid = This sign-in link is not valid
problem-link-invalid-help = Check you used the whole link from the email, or ask for a new one.
problem-link-expired = This sign-in link has expired
problem-link-expired-help = Sign-in links work for a short time only. Ask for a new one.
problem-link-used = This sign-in link has already been used
problem-link-used-help = Each link works once. Ask for a new one if you need to sign in again.
