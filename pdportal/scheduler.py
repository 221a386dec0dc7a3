"""Development only: `make run`'s server runs the sweep and mail delivery every minute in
the background, so held seats expire and emails arrive (in the log and at /dev/mail) as
they would in production.

One thread in the one development server process, started when DEV_SCHEDULER is set (only
`make run` sets it; production refuses it). In production cron or a worker runs
`flask sweep` and `flask send-mail` instead, on as many machines as wanted: both claim
their rows, so runs never collide.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from pdportal.extensions import db
from pdportal.services import mail_worker
from pdportal.services import sweep as sweep_service

INTERVAL_SECONDS = 60


def start(app: Flask) -> threading.Thread:
    """Start the background thread (DEV_SCHEDULER is set); it dies with the server."""
    thread = threading.Thread(
        target=_every_minute, args=(app,), name="pdportal-dev-scheduler", daemon=True
    )
    thread.start()
    _logger(app).info(
        "Development scheduler: sweep and mail delivery every %s seconds.", INTERVAL_SECONDS
    )
    return thread


def _logger(app: Flask) -> logging.Logger:
    """pdportal.scheduler, at INFO, so `make run`'s terminal shows what it did."""
    logger = app.logger.getChild("scheduler")
    logger.setLevel(logging.INFO)
    return logger


def _every_minute(app: Flask) -> None:
    while True:  # a daemon thread: it ends with the server
        run_once(app)
        time.sleep(INTERVAL_SECONDS)


def run_once(app: Flask) -> None:
    """One sweep and one delivery run; a failure is logged and tried again next minute."""
    logger = _logger(app)
    with app.app_context():
        try:
            logger.info("sweep: %s", "; ".join(sweep_service.run()))
            report = mail_worker.run()
        except Exception:  # the next minute tries again; the server carries on
            db.session.rollback()
            logger.exception("Development scheduler: this run failed")
            return
        if report.sent:
            mailbox = app.config["BASE_URL"].rstrip("/") + "/dev/mail"
            logger.info("Delivered %s email(s) to the log; read them at %s", report.sent, mailbox)
