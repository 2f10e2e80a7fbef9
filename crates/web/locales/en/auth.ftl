## Signing up and in.
sign-up-title = Create an account
sign-up-lead = You only need an email address. Use any name you like: a nickname is fine.
sign-up-button = Create account
sign-up-have-account = Already have an account?
field-display-name = Your name on this site
field-display-name-hint = Others see this name. It does not have to be your real name.
field-email = Email address
field-email-hint = Only used to sign in and for messages you ask for. Never shown to anyone.
field-password = Password
field-password-hint = At least 10 characters. A few unrelated words together make a good password.
sign-in-title = Sign in
sign-in-password-heading = With your password
sign-in-button = Sign in
sign-in-link-heading = With a link by email
sign-in-link-lead = We will email you a link that signs you in. If you are new, it creates your account.
sign-in-link-button = Email me a sign-in link
sign-in-no-account = New here?
check-email-title = Check your email
check-email-lead = If the address can receive email, a sign-in link is on its way.
check-email-help = The link works once and for a short time. If nothing arrives, check your spam folder or ask again.
confirm-link-title = Finish signing in
confirm-link-button = Sign in
field-display-name-new = Your name on this site (only if you are new)
field-display-name-new-hint = Leave empty if you already have an account.
email-magic-link-subject = Your sign-in link for { $node }
email-magic-link-body = Hello,

    Use this link to sign in to { $node }:

    { $link }

    It works once, for { $minutes } minutes. If you did not ask for it, ignore this email: nobody can sign in without the link.
