"""Flask commands: seed-demo, create-admin, send-mail, sweep, import-schools; each
delegates to a service."""

from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    for command in (seed_demo, create_admin, send_mail, sweep, import_schools):
        app.cli.add_command(command)


@click.command("seed-demo")
@click.option("--workshops", default=0, help="Extra generated workshops for benchmarks.")
@click.option("--educators", default=0, help="Generated educators educator1..M@demo.pdportal.org.")
@click.option("--password", default="pdportal-demo", show_default=True, help="Demo password.")
def seed_demo(workshops: int, educators: int, password: str) -> None:
    """Load the demo data (idempotent) and print the demo logins."""
    from pdportal.services.demo import seed as demo

    demo.seed_demo(workshops=workshops, educators=educators, password=password, echo=click.echo)


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="Site administrator", show_default=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Make EMAIL a site admin (creating the account if needed)."""
    from pdportal.blueprints.auth.messages import account_error_message
    from pdportal.services import accounts

    try:
        user = accounts.create_site_admin(email, name=name, password=password)
    except accounts.AccountError as error:
        raise click.ClickException(account_error_message(error)) from error
    click.echo(f"{user.email} is a site admin.")


@click.command("send-mail")
@click.option("--limit", default=100, show_default=True, help="Messages to try this run.")
def send_mail(limit: int) -> None:
    """Write the emails queued as facts, then deliver pending outbox messages (SMTP, or
    the log without MAIL_SERVER)."""
    from pdportal.services import mail, registration

    registration.write_seat_emails()
    report = mail.deliver_pending(limit=limit)
    click.echo(
        f"sent {report.sent}, retrying {report.retrying}, failed {report.failed},"
        f" postponed {report.postponed}"
    )
    if report.unreachable:
        # Non-zero, so a scheduler or monitor notices; the messages wait, unharmed.
        raise click.ClickException(f"Could not reach the mail server: {report.unreachable}")


@click.command("sweep")
def sweep() -> None:
    """Expire holds, promote waitlists, send reminders and evaluations."""
    from pdportal.services import sweep as sweep_service

    for line in sweep_service.run():
        click.echo(line)


# The operator's words for each refused row (a command's output, like sweep's lines).
ROW_PROBLEMS = {
    "missing_columns": "the header lacks required columns: {column}",
    "missing_value": "{column} is empty",
    "too_long": "{column} is too long",
    "control_characters": "{column} holds control characters",
    "bad_state": "state must be a two-letter code such as WA",
    "bad_flag": "{column} must be yes or no",
    "school_without_name": "a school needs both school_code and school_name",
    "duplicate_school": "this school code appears earlier in the file",
    "district_name_conflict": "this district code has another name earlier in the file",
}


@click.command("import-schools")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
def import_schools(file) -> None:
    """Import districts and schools from a CSV FILE (again: updates, never duplicates).

    Columns: state, district_code, district_name, school_code, school_name, county,
    city, high_poverty, rural, tribal, priority (flags: yes or no).
    """
    from pdportal.services import directory

    try:
        text = file.read()
    except UnicodeDecodeError as error:
        raise click.ClickException("The file is not UTF-8 text.") from error
    report = directory.import_csv(text)
    click.echo(
        f"districts: {report.districts_created} added, {report.districts_updated} updated;"
        f" schools: {report.schools_created} added, {report.schools_updated} updated;"
        f" {report.unchanged} unchanged; {len(report.refused)} refused"
    )
    for refused in report.refused:
        reason = ROW_PROBLEMS[refused.problem.value].format(column=refused.column)
        click.echo(f"  line {refused.line}: {reason}")
    if report.refused:
        raise click.exceptions.Exit(1)
