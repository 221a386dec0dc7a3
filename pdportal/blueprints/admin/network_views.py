"""Site administration: networks, their admins, and finding users."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin.forms import EmailForm, NetworkForm
from pdportal.blueprints.admin.views import flash_problems, show_error
from pdportal.blueprints.lookups import (
    site_network_member_or_404,
    site_network_or_404,
    site_user_or_404,
)
from pdportal.extensions import db
from pdportal.models import Network
from pdportal.services.workshops import networks as network_service
from pdportal.services.workshops.networks import NetworkDetails, NetworkError


@bp.get("/networks")
@login_required
def networks() -> str:
    policy.require(policy.can_manage_networks(current_user))
    return render_template("admin/networks.html", networks=network_service.list_networks())


@bp.route("/networks/new", methods=["GET", "POST"])
@login_required
def new_network() -> str | Response:
    policy.require(policy.can_manage_networks(current_user))
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network = network_service.create_network(form.details())
        except NetworkError as error:
            show_error(form, error)
        else:
            flash(
                _("Network “%(name)s” created. Add its admins next.", name=network.name),
                "success",
            )
            return redirect(url_for("admin.edit_network", slug=network.slug))
    return render_template("admin/network_form.html", form=form, network=None)


@bp.route("/networks/<slug>", methods=["GET", "POST"])
@login_required
def edit_network(slug: str) -> str | Response:
    network = site_network_or_404(slug)
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network_service.update_network(network, form.details())
        except NetworkError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(_("Network saved."), "success")
            return redirect(url_for("admin.edit_network", slug=network.slug))
    elif not form.is_submitted():
        form.fill(NetworkDetails.of(network))
    return network_page(network, form, EmailForm())


def network_page(network: Network, form: NetworkForm, admin_form: EmailForm) -> str:
    return render_template(
        "admin/network_form.html",
        form=form,
        network=network,
        admins=network_service.network_admins(network),
        admin_form=admin_form,
    )


@bp.post("/networks/<slug>/admins")
@login_required
def add_network_admin(slug: str) -> str | Response | tuple[str, int]:
    network = site_network_or_404(slug)
    admin_form = EmailForm()
    if admin_form.validate_on_submit():
        try:
            user = network_service.add_network_admin(network, admin_form.email.data)
        except NetworkError as error:
            show_error(admin_form, error)
        else:
            flash(
                _("%(name)s now administers %(network)s.", name=user.name, network=network.name),
                "success",
            )
            return redirect(url_for("admin.edit_network", slug=slug))
    form = NetworkForm(formdata=None)
    form.fill(NetworkDetails.of(network))
    return network_page(network, form, admin_form), 400


@bp.post("/networks/<slug>/admins/<int:user_id>/remove")
@login_required
def remove_network_admin(slug: str, user_id: int) -> Response:
    network, user = site_network_member_or_404(slug, user_id)
    try:
        network_service.remove_network_admin(network, user)
    except NetworkError as error:
        flash_problems(error)
    else:
        flash(
            _("%(name)s no longer administers %(network)s.", name=user.name, network=network.name),
            "success",
        )
    return redirect(url_for("admin.edit_network", slug=slug))


@bp.get("/users")
@login_required
def users() -> str:
    policy.require(policy.can_manage_users(current_user))
    query = request.args.get("q", "").strip()[:200]
    page = request.args.get("page", 1, type=int)
    pagination = network_service.search_users(query, page=min(max(page, 1), 10_000))
    if pagination.page > max(pagination.pages, 1):
        flash(_("There is no page %(page)s, so this is the last page.", page=page), "info")
        pagination = network_service.search_users(query, page=max(pagination.pages, 1))
    return render_template(
        "admin/users.html",
        query=query,
        pagination=pagination,
        rows=network_service.user_rows(list(pagination.items)),
    )


@bp.post("/users/<int:user_id>/site-admin")
@login_required
def toggle_site_admin(user_id: int) -> Response:
    user = site_user_or_404(user_id)
    grant = request.form.get("grant") == "1"
    try:
        network_service.set_site_admin(user, grant, current_user)
    except NetworkError as error:
        flash_problems(error)
    else:
        if grant:
            flash(_("%(name)s is now a site admin.", name=user.name), "success")
        else:
            flash(_("%(name)s is no longer a site admin.", name=user.name), "success")
    return redirect(url_for("admin.users", q=request.form.get("q", "")))
