"""The app factory, configuration and health check."""

import pytest

import config
from pdportal import create_app


def test_healthz_answers_ok_when_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "")
    monkeypatch.setenv("PDPORTAL_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_refuses_to_start_without_a_base_url(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "a-real-secret-from-the-vault")
    monkeypatch.setattr(config.ProductionConfig, "BASE_URL", "")
    monkeypatch.setenv("PDPORTAL_ENV", "production")
    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    monkeypatch.setattr(config.ProductionConfig, "BASE_URL", "https://pd.example.org")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["BASE_URL"]


def test_prefixed_environment_overrides_settings(monkeypatch):
    monkeypatch.setenv("PDPORTAL_RATELIMIT_ENABLED", "false")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["RATELIMIT_ENABLED"] is False


def test_database_url_is_pointed_at_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/pd")
    assert config.database_url_from_env() == "postgresql+psycopg://u@db.example/pd"


def test_every_response_carries_security_headers(client):
    response = client.get("/healthz")
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"could not find that page" in response.data


def test_forwarded_address_is_trusted_only_when_configured(client):
    from werkzeug.middleware.proxy_fix import ProxyFix

    behind_balancer = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "PROXY_FIX_HOPS": 1})
    assert isinstance(behind_balancer.wsgi_app, ProxyFix)
    assert not isinstance(client.application.wsgi_app, ProxyFix)


@pytest.mark.parametrize("huge", ["2147483648", "99999999999999999999999"])
def test_an_id_too_large_for_the_database_is_404_on_every_route(app, client, auth, make_user, huge):
    """Every `<int:…>` route, signed in as a site admin (who passes every permission)."""
    auth.login(make_user(is_site_admin=True))
    checked = 0
    for rule in app.url_map.iter_rules():
        int_args = [name for name, conv in rule._converters.items() if conv.regex == r"\d+"]
        if not int_args:
            continue
        values = {name: huge if name in int_args else "x" for name in rule.arguments}
        path = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)
            checked += 1
    assert checked >= 20


def test_pages_name_an_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/workshops").text
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.location.endswith("/static/img/favicon.svg")
    with client.get(response.location) as icon:
        assert icon.mimetype == "image/svg+xml"
