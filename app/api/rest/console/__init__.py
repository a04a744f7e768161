"""The officers' console (issue 18): server-rendered pages at /console, Bahasa Indonesia first.

session.py keeps the login in an HttpOnly cookie and binds a CSRF token to it; language.py
picks the page's language; layout.py wraps every page in the same header, menu and policy.
The pages call the same use cases as the REST API, never the API over HTTP.
"""
