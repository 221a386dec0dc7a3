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
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.lookups import (
    site_network_member_or_404,
    site_network_or_404,
    site_user_or_404,
)
from pdportal.extensions import db
from pdportal.models import Network, User
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
            if not is_confirmed():
                user = network_service.network_admin_candidate(network, admin_form.email.data)
                return _confirm_network_admin(network, user, grant=True)
            user = network_service.add_network_admin(
                network, admin_form.email.data, actor=current_user
            )
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


def _confirm_network_admin(network: Network, user: User, *, grant: bool) -> str:
    who = f"{user.name} ({user.email})"
    if grant:
        return confirm_page(
            heading=_("Make %(who)s an admin of %(network)s?", who=who, network=network.name),
            consequences=[
                _(
                    "They will manage every workshop of %(network)s: rosters, attendance, "
                    "certificates, payments and refunds, and messages to its educators.",
                    network=network.name,
                ),
                _("They must set up two-step sign-in the next time they log in."),
            ],
            action=url_for("admin.add_network_admin", slug=network.slug),
            hidden={"email": user.email},
            confirm_label=_("Make network admin"),
            cancel_url=url_for("admin.edit_network", slug=network.slug),
            audited=True,
        )
    return confirm_page(
        heading=_("Remove %(who)s as an admin of %(network)s?", who=who, network=network.name),
        consequences=[
            _(
                "They will no longer see or change the workshops, rosters, certificates or "
                "payments of %(network)s.",
                network=network.name,
            )
        ],
        action=url_for("admin.remove_network_admin", slug=network.slug, user_id=user.id),
        confirm_label=_("Remove network admin"),
        cancel_url=url_for("admin.edit_network", slug=network.slug),
        audited=True,
    )


@bp.post("/networks/<slug>/admins/<int:user_id>/remove")
@login_required
def remove_network_admin(slug: str, user_id: int) -> str | Response:
    network, user = site_network_member_or_404(slug, user_id)
    if not is_confirmed():
        return _confirm_network_admin(network, user, grant=False)
    try:
        network_service.remove_network_admin(network, user, actor=current_user)
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
def toggle_site_admin(user_id: int) -> str | Response:
    user = site_user_or_404(user_id)
    grant = request.form.get("grant") == "1"
    query = request.form.get("q", "")[:200]
    if not is_confirmed():
        return _confirm_site_admin(user, grant, query)
    try:
        network_service.set_site_admin(user, grant, current_user)
    except NetworkError as error:
        flash_problems(error)
    else:
        if grant:
            flash(_("%(name)s is now a site admin.", name=user.name), "success")
        else:
            flash(_("%(name)s is no longer a site admin.", name=user.name), "success")
    return redirect(url_for("admin.users", q=query))


def _confirm_site_admin(user: User, grant: bool, query: str) -> str:
    who = f"{user.name} ({user.email})"
    if grant:
        heading = _("Make %(who)s a site admin?", who=who)
        consequences = [
            _(
                "They will be able to do everything, in every network: create networks, "
                "name and remove admins (site admins too), issue and revoke certificates, "
                "refund payments and read every roster."
            ),
            _("They must set up two-step sign-in the next time they log in."),
        ]
        label = _("Make site admin")
    else:
        heading = _("Remove %(who)s as a site admin?", who=who)
        consequences = [
            _("They keep their own account and any network admin roles, and lose the rest.")
        ]
        label = _("Remove site admin")
    return confirm_page(
        heading=heading,
        consequences=consequences,
        action=url_for("admin.toggle_site_admin", user_id=user.id),
        hidden={"grant": "1" if grant else "0", "q": query},
        confirm_label=label,
        cancel_url=url_for("admin.users", q=query),
        audited=True,
    )
