"""Routes of the calendar area: .ics feeds (public, per workshop, personal) and /me/calendar."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from pdportal.blueprints import lookups
from pdportal.blueprints.calendar import bp, links
from pdportal.blueprints.calendar.forms import ResetTokenForm
from pdportal.blueprints.catalog.messages import filter_error_message
from pdportal.i18n import current_language
from pdportal.models import Workshop
from pdportal.services import calendar, catalog
from pdportal.services.calendar import CachedFeed
from pdportal.services.common.urls import external_url

ICS_MIMETYPE = "text/calendar"
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"
DRAFT_CACHE = "private, no-store"


def _not_modified(feed: CachedFeed) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; else If-Modified-Since."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(feed.etag.removeprefix("W/").strip('"'))
    since = request.if_modified_since
    return bool(since and feed.last_modified and feed.last_modified <= since)


def feed_response(
    feed: CachedFeed, *, cache_control: str, filename: str, in_request_language: bool = True
) -> Response:
    """The feed, or 304 when the client has this version; gzip when the client accepts it.

    A feed in the request's language varies on what chooses it (Accept-Language, and the
    cookie of a visitor's choice); a personal feed speaks its owner's language whoever asks.
    """
    response = Response(mimetype=ICS_MIMETYPE)
    response.headers["ETag"] = feed.etag
    if feed.last_modified:
        response.last_modified = feed.last_modified
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Encoding")
    if in_request_language:
        response.vary.update(("Accept-Language", "Cookie"))
    response.content_language.add(feed.language)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if _not_modified(feed):
        response.status_code = 304
        return response
    if request.accept_encodings.quality("gzip") > 0:
        response.set_data(feed.gzipped())
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(feed.body())
    return response


def _feed_not_found(message: str) -> Response:
    """A 404 a calendar app can show its user: plain text, never JSON or a web page.

    It says the same for every address that finds nothing, so it tells nobody whose an
    address was or whether it ever worked."""
    response = Response(message + "\n", status=404, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/workshops/<slug>.ics")
def workshop_ics(slug: str):
    """A workshop's sessions; a draft's only for its network's admins (a preview), else 404."""
    try:
        workshop = lookups.visible_workshop_or_404(slug)
    except NotFound:
        return _feed_not_found(
            gettext(
                "There is no workshop calendar at this address. The workshop may have moved: "
                "find it at %(url)s.",
                url=external_url("catalog.workshops"),
            )
        )
    feed = calendar.workshop_feed(workshop, current_language())
    cache_control = PUBLIC_CACHE if workshop.is_public else DRAFT_CACHE
    return feed_response(feed, cache_control=cache_control, filename=f"{slug}.ics")


@bp.get("/calendar/workshops.ics")
def public_feed():
    """The catalog as a subscription, with the catalog's filters; a bad one is refused
    (a calendar app would otherwise show a feed its reader did not ask for)."""
    parsed = catalog.parse_filters(request.args)
    errors = [error for error in parsed.errors if error.field != "page"]  # a feed has no pages
    if errors:
        message = "\n".join(filter_error_message(error, refused=True) for error in errors)
        return Response(message + "\n", status=400, mimetype="text/plain")
    feed = catalog.public_feed(parsed.filters, current_language())
    return feed_response(feed, cache_control=PUBLIC_CACHE, filename="stem-workshops.ics")


@bp.get("/calendar/feed/<token>.ics")
def personal_feed(token: str):
    user = calendar.user_for_token(token)
    if user is None:
        return _feed_not_found(
            gettext(
                "This calendar address is not in use. If it was your pdportal calendar feed, "
                "it may have been replaced by a new address: sign in and open My calendar "
                "feed (%(url)s) to subscribe again.",
                url=external_url("calendar.my_calendar"),
            )
        )
    feed = calendar.personal_feed(user)  # in the owner's preferred language
    response = feed_response(
        feed,
        cache_control=PRIVATE_CACHE,
        filename="my-workshops.ics",
        in_request_language=False,
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _my_calendar_page(form: ResetTokenForm) -> str:
    feed_url = links.personal_feed_url(current_user)
    return render_template(
        "calendar/my_calendar.html",
        feed_url=feed_url,
        webcal_url=links.webcal(feed_url),
        google_url=links.google_subscribe_url(feed_url),
        public_url=links.public_feed_url(),
        upcoming=calendar.upcoming_in_personal_feed(current_user),
        form=form,
    )


@bp.get("/me/calendar")
@login_required
def my_calendar():
    return _my_calendar_page(ResetTokenForm())


@bp.post("/me/calendar/reset")
@login_required
def reset_token():
    form = ResetTokenForm()
    if not form.validate_on_submit():
        # Not confirmed: nothing changes; the page says so next to the box.
        return _my_calendar_page(form), 400
    calendar.reset_token(current_user)
    flash(
        gettext(
            "Your calendar has a new address. The old one no longer works: remove the old "
            "subscription from your calendar app and add the new address below."
        ),
        "success",
    )
    return redirect(url_for("calendar.my_calendar"))


@bp.app_template_global()
def add_to_calendar(workshop: Workshop) -> links.AddToCalendar:
    """For `calendar/_add_to_calendar.html`, which the workshop page includes."""
    return links.add_to_calendar(workshop)
