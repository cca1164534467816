"""Buurtbouw: a small, fast web portal that helps a neighbourhood organise itself."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DEV_SECRET_KEY, Config, config_from_env

ROOT = Path(__file__).resolve().parent.parent
PLAIN_TEXT_TEMPLATES = (".txt",)


class Portal(Flask):
    """Flask, with the request id in the log line of an error, so a resident's quoted id finds it."""

    def log_exception(self, exc_info) -> None:
        self.logger.error("Exception on %s %s [rid=%s]", request.method, request.path, g.get("request_id", "-"),
                          exc_info=exc_info)


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    """Build the application: settings, extensions, blueprints, error pages, templates, commands."""
    app = Portal(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.from_object(config_class or config_from_env())
    app.config.update(overrides)
    check_secret_key(app)
    configure_hosts(app)
    configure_extensions(app)
    configure_blueprints(app)
    configure_templates(app)
    configure_cli(app)
    return app


def configure_hosts(app: Flask) -> None:
    """Answer only for the configured hosts in production; believe X-Forwarded-* only behind a known proxy."""
    from portal.core.hosts import HostGuard
    from portal.core.urls import public_hosts

    if app.config["REFUSE_UNKNOWN_HOSTS"] and not app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = public_hosts(app.config)
    app.wsgi_app = HostGuard(app, app.wsgi_app)
    hops = app.config["PROXY_FIX_HOPS"]
    if hops > 0:  # without a proxy in front, X-Forwarded-For/-Proto/-Host are whatever the client wrote
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def check_secret_key(app: Flask) -> None:
    """Refuse to run in production with a missing or default secret key."""
    if app.config.get("SESSION_COOKIE_SECURE") and app.config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY):
        raise SystemExit("Buurtbouw: set SECRET_KEY to a long random value (python -c 'import secrets; "
                         "print(secrets.token_hex(32))'); production refuses the missing or default key.")


def configure_extensions(app: Flask) -> None:
    """Bind the extensions to this app."""
    from portal import db as database
    from portal import i18n, logs, messages, pagecache, params, web
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.mail import sender

    Path(app.instance_path).mkdir(exist_ok=True)
    params.init_app(app)  # before any blueprint: its URL rules use the bounded `int` converter
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    configure_rate_limits(app, limiter)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(ROOT / "portal" / "translations"))
    login_manager.init_app(app)
    configure_login(login_manager)
    i18n.init_app(app)
    logs.init_app(app)  # registered before the page cache, so a cached page never keeps a request id
    pagecache.init_app(app)  # registered early, so its after_request runs late and stores the page as sent
    web.init_app(app)
    messages.init_app(app)
    sender.init_app(app)


def configure_rate_limits(app: Flask, limiter) -> None:
    """Bind the limiter; in production, say at start when its storage is not shared or does not answer."""
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith(("redis://", "rediss://")):
        # A dead Redis must cost a request little: fail fast, then the limiter counts in memory for a while.
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 0.5, "socket_timeout": 0.5})
    limiter.init_app(app)
    if not app.config.get("SESSION_COOKIE_SECURE"):  # the production marker, as in check_secret_key()
        return
    if uri.startswith("memory://"):
        app.logger.warning("Rate limits are counted in this worker's memory (RATELIMIT_STORAGE_URI=%s): with "
                           "several workers each allows the full limit. Set RATELIMIT_STORAGE_URI=redis://...", uri)
    elif not limiter.storage.check():
        app.logger.warning("Rate limit storage %s does not answer: each worker counts in its own memory "
                           "until it does.", uri.split("@")[-1])


def configure_login(login_manager) -> None:
    """Load users from the server-side session table; send htmx callers to the log-in page properly."""
    from flask import flash, request, url_for
    from flask_babel import gettext as _

    from portal.accounts.services import load_session_user
    from portal.htmx import hx_redirect, is_htmx, page_path

    login_manager.user_loader(load_session_user)
    login_manager.session_protection = None  # our own session table does this job

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(_("Log in first, please."), "info")
        if is_htmx():  # back to the page afterwards, not to the fragment that asked
            target = page_path()
        else:
            target = request.full_path if request.method == "GET" else (request.referrer or "/")
        location = url_for("accounts.login", next=target.rstrip("?"))
        return hx_redirect(location)


def configure_blueprints(app: Flask) -> None:
    """Register each feature's blueprint."""
    from portal.accounts import bp as accounts_bp
    from portal.applause import bp as applause_bp
    from portal.boards import bp as boards_bp
    from portal.budget import bp as budget_bp
    from portal.core import bp as core_bp
    from portal.events import bp as events_bp
    from portal.feeds import bp as feeds_bp
    from portal.ideas import bp as ideas_bp
    from portal.initiatives import bp as initiatives_bp
    from portal.kiosk import bp as kiosk_bp
    from portal.mail import bp as mail_bp
    from portal.paper import bp as paper_bp
    from portal.venues import bp as venues_bp
    from portal.voice import bp as voice_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(initiatives_bp)
    app.register_blueprint(applause_bp)
    app.register_blueprint(venues_bp)
    app.register_blueprint(boards_bp)
    app.register_blueprint(voice_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(budget_bp)
    app.register_blueprint(ideas_bp)
    app.register_blueprint(paper_bp)
    app.register_blueprint(kiosk_bp)


def configure_templates(app: Flask) -> None:
    """Give templates the neighbourhood settings, languages and role checks."""
    from flask_login import current_user

    from portal.accounts.forms import ROLE_LABELS
    from portal.accounts.names import shown_name
    from portal.core.nav import header_links
    from portal.core.registry import nav_items, page_sections
    from portal.core.urls import id_url, public_address, public_url_for
    from portal.db import utcnow
    from portal.forms import error_takes_focus, form_refused, refused_fields
    from portal.i18n import LANGUAGE_NAMES, select_locale
    from portal.kiosk.services import is_kiosk
    from portal.permissions import has_role

    # Every template is escaped, whatever it writes (HTML, the Atom feed, SVG): a name with "<" or "&" can never
    # break a page or inject an entry into a feed. Only plain-text mail bodies are left as typed.
    app.jinja_env.autoescape = lambda name: name is None or not name.endswith(PLAIN_TEXT_TEMPLATES)
    app.jinja_env.globals["is_kiosk"] = is_kiosk  # a global, so imported macros see it too
    app.jinja_env.globals["shown_name"] = shown_name  # the one way a template names a person
    app.jinja_env.globals["public_url_for"] = public_url_for
    app.jinja_env.globals["public_address"] = public_address
    app.jinja_env.globals["id_url"] = id_url  # a list's links: the URL rule built once, each id joined in
    app.jinja_env.globals["header_links"] = header_links
    app.jinja_env.globals.update(error_takes_focus=error_takes_focus, form_refused=form_refused,
                                 refused_fields=refused_fields)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject():
        return {
            "neighbourhood": app.config["NEIGHBOURHOOD_NAME"],
            "languages": LANGUAGE_NAMES,
            "current_language": select_locale(),
            "has_role": lambda *roles: has_role(current_user, *roles),
            "nav_items": nav_items,
            "now": utcnow,
            "account_sections": lambda: page_sections("account"),
            "role_label": lambda role: ROLE_LABELS[role],
        }


def configure_cli(app: Flask) -> None:
    """Add the operator commands."""
    from portal.accounts.cli import users_cli
    from portal.boards.reminders import send_reminders_command
    from portal.core.cli import purge_walkins_command
    from portal.demo import seed_demo_command
    from portal.feeds.cli import import_feeds_command
    from portal.mail.cli import send_mail_command
    from portal.operations.cli import analyze_command, backup_command, check_command, restore_command
    from portal.paper.cli import send_digest_command

    app.cli.add_command(users_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(purge_walkins_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(check_command)
    app.cli.add_command(analyze_command)
    app.cli.add_command(import_feeds_command)
    app.cli.add_command(send_digest_command)
