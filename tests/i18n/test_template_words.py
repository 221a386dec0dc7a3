"""Templates find their words in the language the request speaks, or a `force_locale`
block sets (emails to someone who reads another language), and in nothing else."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

WORDS = "{{ _('Workshops') }} · {{ ngettext('%(num)s workshop', '%(num)s workshops', 2) }}"


def test_each_request_reads_its_own_language(client):
    for accept, expected in (("es", "<h1>Iniciar sesión</h1>"), ("en", "<h1>Log in</h1>")):
        page = client.get("/auth/login", headers={"Accept-Language": accept})
        assert expected in page.get_data(as_text=True)


def test_a_forced_language_holds_only_inside_its_block(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        before = render_template_string(WORDS)
        with force_locale("es"):
            inside = render_template_string(WORDS)
        after = render_template_string(WORDS)

    assert (before, inside, after) == (
        "Workshops · 2 workshops",
        "Talleres · 2 talleres",
        "Workshops · 2 workshops",
    )
