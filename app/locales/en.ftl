# Lantern — English interface text.
# Every key here must also exist in th.ftl (a test checks).

site-name = Lantern
skip-to-content = Skip to main content
menu = Menu
nav-main = Main
nav-home = Home
language = Language
footer-mission = Lantern trains the people who identify and protect victims of human trafficking.
footer-version = Lantern version { $version }

not-found-title = Page not found
not-found-body = We could not find the page you asked for. It may have moved, or the address may be mistyped.
not-found-home = Go to the home page

home-title = Training for the people who protect victims of trafficking
home-lead = Lantern is where police, immigration and labour officials, social workers and shelter staff learn to identify victims of human trafficking and to care for them — at their own pace, on any phone, in their own language.
home-who-title = Who it is for
home-who-body = Officials and practitioners across the Greater Mekong Sub-Region: the first people a victim meets, and the people who support them afterwards. Training is organised by ministries and their partners, who create accounts for their staff.
home-how-title = How it works
home-feature-learn-title = Learn
home-feature-learn-body = Short modules written by experienced trainers, with case studies and practical guidance you can use on the next shift.
home-feature-check-title = Check your understanding
home-feature-check-body = Quizzes after each module show what you have understood, and a final assessment confirms it.
home-feature-certify-title = Get a certificate
home-feature-certify-body = Pass a course to receive a certificate in your own script, with a QR code anyone can use to check that it is genuine.
home-feature-report-title = Follow progress
home-feature-report-body = Ministries see how their agencies are trained, and trainers see which questions teach well.
home-principles-title = Our principles
home-principles-body = Protection first: the training puts the safety, dignity and choices of the person at the centre. Trauma-informed: material that describes abuse is announced before it is shown. Built for the field: pages are light, work without JavaScript and on slow connections.


error-unavailable = Lantern cannot reach its database right now. Please try again in a minute.
error-unknown-language = That language is not available.

sign-in = Sign in
sign-out = Sign out
signed-in-as = Signed in as { $name }
login-title = Sign in to Lantern
login-email = E-mail address
login-password = Password
login-error-invalid = The e-mail address or password is not right. Check both and try again.
login-error-limited = Too many failed sign-ins. For your security, try again in { $minutes } minutes.
login-error-other = Signing in did not work. Please try again.
login-help = Accounts are created by your trainer or administrator. If you have forgotten your password, ask them for a reset link.
error-cross-site = This form was sent from another website, so Lantern refused it. Go back, reload the page and try again.

password-title = Change password
password-current = Current password
password-new = New password
password-confirm = New password again
password-rule = At least 12 characters. A few unrelated words are easy to remember and hard to guess.
password-submit = Change password
password-changed = Your password has been changed. You have been signed out everywhere else.
password-error-current = The current password is not right.
password-error-short = The new password must be at least 12 characters long.
password-error-common = That password is too common. Choose one others are unlikely to use.
password-error-mismatch = The two new passwords are not the same.
password-error-other = The password could not be changed. Please try again.
error-sign-in-required = Sign in to continue.
error-forbidden = You do not have access to this page.

reset-title = Choose a new password
reset-intro = This link was made for you by your trainer or administrator. It works once, for 24 hours.
reset-submit = Set new password
reset-done = Your new password is set. Sign in with it.
reset-error-expired = This link has expired. Ask your trainer or administrator for a new one.
reset-error-used = This link has already been used. Ask your trainer or administrator for a new one.
reset-error-invalid = This link is not valid. Check that you copied all of it.

error-not-found = We could not find this. It may not exist, or it may be outside what you can see.
error-request = The request did not reach Lantern. Check your connection and try again.
form-done = Done.
form-error = That did not work. Please check the form and try again.
pager-label = Pages
pager-previous = Previous page
pager-next = Next page
pager-position = Page { $page } of { $pages }

nav-people = People
nav-organisations = Organisations
nav-audit = Audit log

role-trainee = Trainee
role-trainer = Trainer
role-ministry = Ministry
role-admin = Administrator

people-title = People
people-back = ← All people
people-search = Name or e-mail
people-organisation = Organisation
people-role = Role
people-any = Any
people-status = Status
people-status-active = Active
people-status-disabled = Disabled
people-status-all = All
people-search-submit = Search
people-count = { $count ->
    [one] One person
   *[other] { $count } people
}
people-new = New account

person-name = Name (as it should print on a certificate)
person-name-hint = In the person's own script, e.g. Thai, Burmese or Khmer.
person-name-latin = Name in Latin script
person-email = E-mail address
person-position = Position
person-province = Province
person-language = Language
person-no-organisation = No organisation
person-roles = Roles
person-created = Account created
person-last-sign-in = Last signed in
person-never = Never
person-anonymised = Anonymised account
person-new-title = New account
person-new-intro = Lantern does not send e-mail. After you create the account you will get a one-time link, valid for 24 hours, to give to the person so they can choose their password.
person-create = Create account
person-edit-title = Edit account
person-save = Save changes
person-link-title = Set-up link
person-link-body = Give this link to the person, in person or by phone. It works once, for 24 hours, and it is shown only now.
person-link-label = One-time link
person-issue-link = Issue a password reset link
person-issue-link-hint = The person's old password keeps working until the link is used.
person-access-title = Access
person-disable = Disable account
person-disable-hint = The person is signed out everywhere and cannot sign in until the account is enabled again.
person-enable = Enable account
person-enable-hint = The person can sign in again with their password.
person-anonymise-title = Anonymise
person-anonymise-body = Erases the person's name, e-mail, position, province, password and sign-in history for good. Their course results stay, without their name, in the figures of reports. This cannot be undone.
person-anonymise-confirm = I understand that this cannot be undone
person-anonymise = Anonymise account
person-done-created = The account is created.
person-done-saved = The changes are saved.
person-done-disabled = The account is disabled and its sessions have ended.
person-done-enabled = The account is enabled.
person-done-anonymised = The account is anonymised.
person-done-link = A new one-time link is ready.
person-error-forbidden = You may not make this change.
person-error-not-found = This account does not exist, or you cannot see it.
person-error-own-account = You cannot do this to your own account.
person-error-last-admin = This is the last active administrator. Make someone else an administrator first.
person-error-invalid-email = That e-mail address is not valid.
person-error-empty-name = The name must not be empty.
person-error-no-role = Choose at least one role.
person-error-duplicate-email = Another account already uses that e-mail address.
person-error-unknown-organisation = That organisation does not exist.
person-error-confirm = Tick the box to confirm.

orgs-title = Organisations
orgs-new-title = Add an organisation
orgs-name = Name
orgs-slug = Short name for addresses and reports
orgs-slug-hint = Lower-case letters, digits and hyphens, e.g. dsdw-chiang-rai. It cannot be changed later.
orgs-parent = Part of
orgs-top-level = Nothing (a ministry or other top-level body)
orgs-create = Add organisation
orgs-edit = Rename or move
orgs-save = Save
orgs-people = People
orgs-done-created = The organisation is added.
orgs-done-saved = The organisation is saved.
orgs-error-invalid-slug = The short name must be 2–64 lower-case letters, digits and hyphens.
orgs-error-empty-name = The name must not be empty.
orgs-error-duplicate-slug = Another organisation already uses that short name.
orgs-error-not-found = That organisation does not exist.
orgs-error-cycle = An organisation cannot be placed inside itself or one of its own units.

audit-title = Audit log
audit-intact = The log is intact: all { $entries } entries check out.
audit-broken = The log has been tampered with at entry { $id }: { $reason }
audit-when = When
audit-who = Who
audit-action = What
audit-subject = Concerning
audit-detail = Detail
audit-from = From
audit-older = Older entries

account-title = My account
account-name-hint = To correct your name or organisation, ask your trainer or administrator.
account-security = Security
account-data-title = Your data
account-data-body = Download everything Lantern holds about you — your account, sign-ins and activity — as a JSON file.
account-data-download = Download my data

callout-note = Note
callout-warning = Warning
callout-case = Case study
callout-practice = Practice

nav-courses = Courses
catalog-title = Courses
catalog-back = ← All courses
catalog-language = Language
catalog-audience = For
catalog-filter = Show courses
catalog-empty = No course matches these filters.
catalog-progress = { $done } of { $total } modules done
course-minutes = { $minutes } min
course-time-left = { $left } left of { $total }
course-start = Start the course
course-resume = Continue where you left off
course-modules = Modules
content-warning = Content warning
content-fallback = This part is not yet available in your language, so it is shown in its original language.
content-stale = This translation was made for an earlier version of the text. The original has changed since; ask your trainer if something seems out of date.
module-status-done = Done
module-status-in-progress = In progress
module-status-not-started = Not started
module-changed-since-done = (updated since you read it)
module-breadcrumb = Where you are
module-position = Module { $position } of { $count }
module-objectives = In this module you will
module-contents = Contents
module-mark-done = Mark as done
module-marked-done = Marked as done.
module-navigation = Modules
module-previous = Previous
module-next = Next
module-back-to-course = Back to the course
audience-police = Police
audience-immigration = Immigration
audience-labour-inspection = Labour inspection
audience-social-welfare = Social welfare
audience-shelter-staff = Shelter staff
audience-shelter-psychologist = Shelter psychologists
course-outdated-translations = For trainers: these translations were made for an earlier version of their source and need updating (then set their translation_of to the new hash):
assessment-default-title = Final assessment
