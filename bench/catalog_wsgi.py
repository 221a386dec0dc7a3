"""The app as gunicorn serves it for `bench/catalog.py`, plus a floor route for comparison.

`/bench/floor` is a fixed tiny page through the same app (security headers, session,
error handlers), so its requests/s is the most any route of this app can reach on this
machine. It exists only here, never in the product.
"""

from pdportal import create_app

app = create_app()


@app.get("/bench/floor")
def floor() -> str:
    return "<!doctype html><title>floor</title><p>ok</p>"
