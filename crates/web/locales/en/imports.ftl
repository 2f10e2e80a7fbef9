# Imports (node admins)
admin-imports = Imports
admin-imports-link = Import services and events from files, and follow calendars
import-title = Imports
import-lead = Bring in services and events published elsewhere. Each import ends with a report: what was taken, and every record refused with the reason. A refused record is not stored at all.
import-back-admin = Back to running this node
import-hsds-title = Services from Open Referral (HSDS) JSON
import-csv-title = Services from a spreadsheet (CSV)
import-ical-title = Events from an iCalendar file
import-field-place = Place to import into
import-choose-place = Choose a place
import-field-group = Group whose events they become
import-choose-group = Choose a group
import-field-hsds-file = HSDS file
import-field-hsds-file-hint = A .json file holding one service, a list of services or a page of them (HSDS 3.0).
import-field-csv-file = CSV file
import-field-csv-file-hint = A .csv file in UTF-8 with a header row, one service a row.
import-csv-columns = Which columns the file needs
import-csv-required = Required columns:
import-csv-optional = Optional columns:
import-csv-formats = Column names may be in any order and any case. Opening days are MO,TU,WE,TH,FR,SA,SU; times are HH:MM; languages are two-letter codes separated by commas; a cost is an amount such as 2.50, empty for free.
import-field-ical-file = iCalendar file
import-field-ical-file-hint = An .ics file exported from a calendar.
import-button = Import
import-subscribe-title = Add an iCalendar subscription
import-subscribe-hint = The calendar is fetched now and then regularly; its events become the group's. Events that disappear from it are cancelled here.
import-field-url = Calendar address
import-field-url-hint = An http or https address ending, usually, in .ics
import-field-interval = How often to fetch it
import-subscribe-button = Add subscription
import-subscriptions = Calendar subscriptions
import-subscriptions-none = No calendar subscriptions yet.
import-col-url = Calendar
import-col-group = Group
import-col-interval = Fetched
import-col-fetched = Last fetched
import-col-succeeded = Last succeeded
import-col-error = Last error
import-no-error = None
import-fetch-now = Fetch { $url } now
import-remove = Remove { $url }
import-never = Never
import-every-minutes = Every { $n } minutes
import-every-hours = { $n ->
    [one] Every hour
   *[other] Every { $n } hours
}
import-every-days = { $n ->
    [one] Every day
   *[other] Every { $n } days
}
import-report-title = Import finished
import-taken = Taken
import-updated = Updated
import-unchanged = Unchanged
import-refused = Refused
import-refused-title = Records refused: { $count }
import-refused-hint = Nothing of these was stored. Correct them in the file and import it again; what was taken already is matched, not doubled.
import-warnings-title = Taken without a part that was wrong: { $count }
import-back = Back to imports
import-error-no-file = Select a file to import
import-error-type = The selected file must be a .{ $types } file
import-error-empty = The selected file is empty
import-error-utf8 = The selected file must be text in UTF-8
import-error-no-place = Choose the place to import into
import-error-no-group = Choose the group whose events they become
import-error-no-url = Enter the calendar's address
import-error-interval = Choose how often to fetch the calendar
notice-import-subscribed = Subscription added. The calendar is being fetched now.
notice-import-fetch-queued = The calendar will be fetched in a moment.
notice-import-unsubscribed = Subscription removed. The events it brought stay.
