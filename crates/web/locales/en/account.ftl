## A person's own account.
account-title = Your account
account-profile-heading = Your profile
account-language = Language
account-home-place = Your home place (optional)
account-home-place-hint = Shown to people signed in to this site. Only the place is kept, never an address.
account-home-place-none = No home place
account-profile-save = Save profile

account-email-heading = Email address
account-email-current = Your email address is
account-email-private = Nobody else can see it, not even the people who run this site, except to help you with your account.
account-email-new = New email address
account-email-new-hint = We will email a link to the new address. Your address changes when you use the link.
account-email-send = Send confirmation link
account-email-confirm-title = Confirm your new email address
account-email-confirm-lead = Use this button to make this address the one for your account.
account-email-confirm-button = Confirm new address
account-email-confirm-subject = Confirm your new email address for { $node }
account-email-confirm-body = Hello,

    Someone (we hope you) asked to use this address for their account on { $node }. To confirm, open this link:

    { $link }

    It works once, for { $minutes } minutes. If you did not ask for this, ignore this email: nothing changes without the link.
account-email-changed-subject = The email address of your { $node } account was changed
account-email-changed-body = Hello,

    The email address of your account on { $node } was changed to { $new }. From now on, sign-in links and messages go there.

    If you did not do this, contact the people who run { $node } straight away.

account-password-heading = Password
account-password-none = You sign in with links by email. You can also set a password.
account-password-current = Current password
account-password-new = New password
account-password-save = Save password

account-groups-heading = Your groups
account-groups-none = You are not in any group yet.
account-groups-find = Find a group
account-role-owner = Owner
account-role-admin = Admin
account-role-member = Member

account-sessions-heading = Where you are signed in
account-sessions-hint = We keep when each session started and was last used. We do not keep IP addresses.
account-sessions-started = Signed in
account-sessions-last-seen = Last used
account-sessions-this = This browser
account-sign-out-everywhere = Sign out everywhere, including here

account-tokens-heading = API tokens
account-tokens-hint = Tokens let programs use the API as you. Each is shown once when made; revoke any you no longer use.
account-tokens-none = You have no tokens.
account-tokens-name = Name
account-tokens-name-hint = Something to recognise it by, like "noticeboard script".
account-tokens-scopes = What it may do
account-tokens-created = Made
account-tokens-last-used = Last used
account-tokens-actions = Actions
account-tokens-revoked = Revoked
account-tokens-revoke = Revoke { $name }
account-tokens-new-heading = Make a token
account-tokens-create = Make token
account-scope-read = Read: see what you can see
account-scope-write = Write: make changes as you
account-never = Never
account-token-created-title = Your new token
account-token-created-lead = This is the token "{ $name }".
account-token-created-scopes = It may: { $scopes }
account-token-created-secret = Token:
account-token-created-once = Copy it now and keep it safe. It will not be shown again: we only keep a fingerprint of it.
account-token-created-back = Back to your account

account-data-heading = Your data
account-access-heading = Who has handled your personal data
account-access-hint = Every time your personal data is handled, by you downloading it or by the people who run this site, it is listed here.
account-access-none = Nobody has.
account-access-when = When
account-access-who = Who
account-access-what = What
account-access-by-self = You
account-access-export = Downloaded a copy of all your data
account-access-admin-granted = Made you a node admin
account-access-admin-revoked = Stopped you being a node admin
account-export-heading = Download your data
account-export-lead = One file (JSON) with everything this site holds about you.
account-export-button = Download your data
account-delete-heading = Delete your account
account-delete-lead = Your personal data is erased for good.
account-delete-link = Delete your account

account-delete-title = Delete your account
account-delete-what = If you delete your account:
account-delete-gone = your name, email address, password, home place, sessions, tokens and memberships are erased
account-delete-history = the histories of your groups keep a line saying a "former member" joined or left, without your name
account-delete-final = it cannot be undone
account-delete-export-first = You may want a copy of your data first.
account-delete-word = DELETE
account-delete-confirm = To confirm, type { $word } or your name on this site
account-delete-confirm-hint = This makes sure nobody deletes an account by accident.
account-delete-button = Delete my account
account-delete-cancel = Keep my account
account-delete-blocked = You are the only owner of a group with other members
account-delete-blocked-help = Make another member an owner of these groups first, so they are not left without one:
account-delete-back = Go to your groups

## Notices.
notice-account-profile-saved = Your profile is saved.
notice-account-email-sent = We emailed a confirmation link to the new address. Your address changes when you use it.
notice-account-email-changed = Your email address is changed.
notice-account-password-saved = Your password is saved. You are signed out everywhere else.
notice-account-token-revoked = The token is revoked.
notice-account-signed-out-everywhere = You are signed out everywhere.
notice-account-deleted = Your account is deleted. Thank you for taking part.

## Field errors.
error-email-unchanged = This is already your email address
error-current-password-required = Enter your current password
error-current-password-wrong = Your current password is not right
error-delete-confirm-required = Type the word or your name to confirm
error-delete-confirm-mismatch = What you typed does not match. Type the word exactly, or your name on this site.

## Problems.
problem-email-link-invalid = This confirmation link is not valid
problem-email-link-invalid-help = Check you used the whole link from the email, or ask for a new one on your account page.
problem-email-link-expired = This confirmation link has expired
problem-email-link-expired-help = Confirmation links work for a short time only. Ask for a new one on your account page.
problem-email-link-used = This confirmation link has already been used
problem-email-link-used-help = Each link works once. If your address did not change, ask for a new link on your account page.
problem-email-taken-meanwhile = This address is now used by another account
problem-email-taken-meanwhile-help = Another account started using this email address after the link was sent. Your address has not changed.
problem-sole-owner = You are the only owner of a group with other members
problem-sole-owner-help = Make another member an owner first, so the group is not left without one.

## Being visible to other servers (the fediverse).
fediverse-heading = Visible on other servers
fediverse-lead = Choose a handle to let people on Mastodon and other servers of the fediverse find and follow you. Only your name, your handle and your home place are shown. Leave the handle empty to stop being visible: your public profile goes and your followers there are forgotten.
fediverse-visible-as = Others find you as
fediverse-profile-link = your public profile
fediverse-not-visible = You are not visible to other servers.
fediverse-handle = Handle
fediverse-handle-hint = Lower-case letters, numbers and single hyphens, 2 to 60 characters. Empty: not visible.
fediverse-save = Save
notice-fediverse-visible = You are now visible to other servers.
notice-fediverse-hidden = You are not visible to other servers.
profile-address = On Mastodon and other servers, search for
profile-address-hint = to follow this person from there.
profile-home-place = Home place:
