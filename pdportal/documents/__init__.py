"""Documents people download or print: the certificate, the transcript (PDF and CSV),
the sign-in sheet and the Open Badge, made from what the services return.

This is presentation, like the templates: every word is chosen here, in the language of
the request (Flask-Babel), and dates are formatted by Babel (`pdportal.i18n`). Each
document takes its words as a small labels object, built by `…_labels()` from the
translations, so that a view can pass them and a test can read them back.
"""
