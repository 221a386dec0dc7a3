"""Input refused at the edge, before any view or database sees it.

A NUL byte makes PostgreSQL fail the statement (SQLite stores it), and other control
characters have no place in a URL: a path with one is not a page (404), a query
parameter with one is a bad request (400). Only the routes in FILE_UPLOADS take files
(each limits its own body); any other multipart body is refused (400) instead of
reaching forms that cannot handle a file part. Form fields are
checked by `pdportal.forms.PortalForm`, which answers with a message beside the field.
"""

from __future__ import annotations

import re

from flask import Flask, abort, request

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # no tab or line break either
# Endpoints that take an uploaded file, and the largest body each takes (a network's seal
# or its designee's signature: 512 KB and a few form fields). A larger body is refused
# before a byte of it is read, by this guard or, without a length, while it is read.
FILE_UPLOADS = {"admin.upload_network_image": 576 * 1024}


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """NUL and other C0 controls; a multi-line text may hold tabs and line breaks."""
    pattern = CONTROL_CHARACTERS if multiline else LINE_CONTROL_CHARACTERS
    return bool(pattern.search(text))


def register_input_guards(app: Flask) -> None:
    @app.before_request
    def refuse_control_characters_and_files() -> None:
        if has_control_characters(request.path):
            abort(404)
        for key, value in request.args.items(multi=True):
            if has_control_characters(key) or has_control_characters(value):
                abort(400)
        if request.endpoint in FILE_UPLOADS:
            request.max_content_length = FILE_UPLOADS[request.endpoint]
            if (request.content_length or 0) > request.max_content_length:
                abort(413)
        elif request.mimetype == "multipart/form-data":
            abort(400)
