"""Site administration: networks, their admins, and finding users."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal import policy
from pdportal.blueprints.admin import bp
from pdportal.blueprints.admin.forms import EmailForm, NetworkForm
from pdportal.blueprints.admin.views import show_error
from pdportal.blueprints.lookups import network_or_404
from pdportal.extensions import db
from pdportal.models import Network, User
from pdportal.services.workshops import networks as network_service
from pdportal.services.workshops.networks import NetworkDetails, NetworkError


def require_site_admin() -> None:
    policy.require(policy.is_site_admin(current_user))


def get_network_or_404(slug: str) -> Network:
    network = network_or_404(slug)
    require_site_admin()
    return network


@bp.get("/networks")
@login_required
def networks() -> str:
    require_site_admin()
    return render_template("admin/networks.html", networks=network_service.list_networks())


@bp.route("/networks/new", methods=["GET", "POST"])
@login_required
def new_network() -> str | Response:
    require_site_admin()
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network = network_service.create_network(form.details())
        except NetworkError as error:
            show_error(form, error)
        else:
            flash(f"Network “{network.name}” created. Add its admins next.", "success")
            return redirect(url_for("admin.edit_network", slug=network.slug))
    return render_template("admin/network_form.html", form=form, network=None)


@bp.route("/networks/<slug>", methods=["GET", "POST"])
@login_required
def edit_network(slug: str) -> str | Response:
    network = get_network_or_404(slug)
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network_service.update_network(network, form.details())
        except NetworkError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash("Network saved.", "success")
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
    network = get_network_or_404(slug)
    admin_form = EmailForm()
    if admin_form.validate_on_submit():
        try:
            user = network_service.add_network_admin(network, admin_form.email.data)
        except NetworkError as error:
            show_error(admin_form, error)
        else:
            flash(f"{user.name} now administers {network.name}.", "success")
            return redirect(url_for("admin.edit_network", slug=slug))
    form = NetworkForm(formdata=None)
    form.fill(NetworkDetails.of(network))
    return network_page(network, form, admin_form), 400


@bp.post("/networks/<slug>/admins/<int:user_id>/remove")
@login_required
def remove_network_admin(slug: str, user_id: int) -> Response:
    network = get_network_or_404(slug)
    user = db.get_or_404(User, user_id)
    try:
        network_service.remove_network_admin(network, user)
    except NetworkError as error:
        flash(error.message, "error")
    else:
        flash(f"{user.name} no longer administers {network.name}.", "success")
    return redirect(url_for("admin.edit_network", slug=slug))


@bp.get("/users")
@login_required
def users() -> str:
    require_site_admin()
    query = request.args.get("q", "").strip()[:200]
    page = request.args.get("page", 1, type=int)
    pagination = network_service.search_users(query, page=min(max(page, 1), 10_000))
    if pagination.page > max(pagination.pages, 1):
        flash(f"There is no page {page}, so this is the last page.", "info")
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
    require_site_admin()
    user = db.get_or_404(User, user_id)
    grant = request.form.get("grant") == "1"
    try:
        network_service.set_site_admin(user, grant, current_user)
    except NetworkError as error:
        flash(error.message, "error")
    else:
        state = "is now a site admin" if grant else "is no longer a site admin"
        flash(f"{user.name} {state}.", "success")
    return redirect(url_for("admin.users", q=request.form.get("q", "")))
