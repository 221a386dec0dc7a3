"""The WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from pdportal import create_app

app = create_app()
