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
