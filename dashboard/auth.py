"""The dashboard's optional login and its security headers.

Off by default, for the one-command local start. On for a shared server in one of two ways:

- a users file (``serve --users FILE``, or ``S3_USERS=FILE`` for gunicorn): one ``name:hash``
  per line, the hash Werkzeug's salted scrypt (``python -m dashboard adduser`` writes it); a
  login page in Swedish and English; a session that expires (``S3_SESSION_MINUTES``, default 480)
  and a CSRF token on every callback, so that no other site can start an export in a reader's
  name (Dash's renderer sends the ``_csrf_token`` cookie back as the ``X-CSRFToken`` header);
- a region's single sign-on in front of the app (``S3_TRUSTED_USER_HEADER``, e.g.
  ``X-Remote-User``): the reverse proxy authenticates and names the user in that header, which is
  believed only from the proxy's own addresses (``S3_TRUSTED_PROXIES``, default loopback).

The secret that signs sessions is ``S3_SECRET_KEY``, else a file beside the users file made on
first start (so that every gunicorn worker signs alike). Security headers (a content security
policy without inline scripts but the hashed ones Dash needs, ``frame-ancestors 'none'``,
``nosniff``, a referrer policy) come from flask-talisman, in both modes.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import flask
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.i18n import LANGUAGES, t
from ingest.errors import IngestError

log = logging.getLogger(__name__)

USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD, MAX_PASSWORD = 10, 1024
DEFAULT_SESSION_MINUTES = 480.0
PUBLIC_PATHS = ("/login", "/assets/", "/_favicon.ico", "/favicon.ico")
CSRF_COOKIE = "_csrf_token"  # the cookie Dash's renderer echoes as the X-CSRFToken header


class UsersFileError(IngestError):
    """The users file is missing or malformed, or a user or password that cannot be added."""


@dataclass(frozen=True)
class Settings:
    users: Path | None = None
    trusted_header: str | None = None
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    session_minutes: float = DEFAULT_SESSION_MINUTES
    secure_cookies: bool = False

    @property
    def login(self) -> bool:
        return self.users is not None or self.trusted_header is not None

    @staticmethod
    def from_environment(users: str | Path | None = None) -> "Settings":
        env = os.environ
        users = users or env.get("S3_USERS") or None
        proxies = tuple(p.strip() for p in env.get("S3_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip())
        try:
            minutes = float(env.get("S3_SESSION_MINUTES", DEFAULT_SESSION_MINUTES))
        except ValueError:
            minutes = DEFAULT_SESSION_MINUTES
        return Settings(Path(users) if users else None, env.get("S3_TRUSTED_USER_HEADER") or None, proxies,
                        max(minutes, 0.01), env.get("S3_SECURE_COOKIES", "") in ("1", "true", "yes"))


# -- the users file ----------------------------------------------------------------------------

def read_users(path: Path) -> dict[str, str]:
    """User name -> password hash, from ``name:hash`` lines (``#`` starts a comment)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UsersFileError(f"no users file at {path}; add a user with `python -m dashboard adduser --users {path} NAME`") from exc
    users = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, hashed = line.partition(":")
        if not USER_NAME.match(name) or "$" not in hashed:
            raise UsersFileError(f"{path}:{number}: not a 'name:hash' line written by `python -m dashboard adduser`")
        users[name] = hashed
    return users


@lru_cache(maxsize=4)
def _users(path: str, mtime: float) -> dict[str, str]:
    return read_users(Path(path))


def users_of(path: Path) -> dict[str, str]:
    """The users file, read again whenever it changes (a user added needs no restart)."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return read_users(path)  # says what to do
    return _users(str(path), mtime)


def add_user(path: Path, name: str, password: str) -> bool:
    """Add a user, or set a user's password; True when the user is new. The file is written
    whole and atomically, readable only by its owner."""
    if not USER_NAME.match(name):
        raise UsersFileError(f"user name {name!r}: letters, digits and . _ @ - only, at most 64 characters")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise UsersFileError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    users = read_users(path) if path.exists() else {}
    new = name not in users
    users[name] = generate_password_hash(password)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.new")
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("# S3-uppföljning users: name:password hash (python -m dashboard adduser)\n")
        handle.writelines(f"{n}:{h}\n" for n, h in sorted(users.items()))
    os.replace(staging, path)
    return new


def check_password(path: Path, name: str, password: str) -> bool:
    hashed = users_of(path).get(name)
    if hashed is None:
        check_password_hash(_dummy_hash(), password)  # the same time whether or not the user exists
        return False
    return check_password_hash(hashed, password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(8))


def secret_key(settings: Settings) -> str:
    """S3_SECRET_KEY, else the users file's companion ``FILE.secret`` (made once, owner-only)."""
    configured = os.environ.get("S3_SECRET_KEY")
    if configured:
        return configured
    if settings.users is None:
        log.warning("S3_SECRET_KEY is not set: sessions are signed with a key of this process only; "
                    "set it when several workers serve the app")
        return secrets.token_hex(32)
    path = settings.users.with_name(settings.users.name + ".secret")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


# -- the Flask side ------------------------------------------------------------------------------

def content_security_policy(script_hashes: list[str]) -> dict[str, object]:
    """No inline script but the hashed ones Dash writes itself; styles inline (plotly sets them)."""
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def install(server: flask.Flask, settings: Settings, script_hashes: Callable[[], list[str]]) -> None:
    """Security headers always; the login, sessions and CSRF checks when ``settings.login``.

    ``script_hashes`` gives the hashes of Dash's own inline scripts; it is asked again at the
    first request, because Dash adds one of them (the pages' title) only then."""
    from flask_talisman import Talisman

    talisman = Talisman(
        server, force_https=False, strict_transport_security=settings.secure_cookies,
        content_security_policy=content_security_policy(script_hashes()), frame_options="DENY",
        referrer_policy="same-origin", session_cookie_secure=settings.secure_cookies,
        session_cookie_samesite="Lax", x_content_type_options=True,
    )
    hashed: list[bool] = []  # this worker's own app: set once, at its first request

    @server.before_request
    def hash_scripts_added_by_dash() -> None:
        if not hashed:
            talisman.content_security_policy["script-src"] = ["'self'", *script_hashes()]
            hashed.append(True)

    if not settings.login:
        return
    from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
    from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf

    if settings.users is not None:
        users_of(settings.users)  # a missing or malformed file stops the start, not the first login
    server.secret_key = secret_key(settings)
    server.config.update(WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False,
                         SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    manager = LoginManager(server)

    class User(UserMixin):
        def __init__(self, name: str):
            self.id = name

    @manager.user_loader
    def load_user(name: str):
        if settings.users is not None and name in users_of(settings.users):
            return User(name)
        return None

    @manager.request_loader
    def from_proxy(request: flask.Request):
        if settings.trusted_header and request.remote_addr in settings.trusted_proxies:
            name = (request.headers.get(settings.trusted_header) or "").strip()
            if USER_NAME.match(name):
                return User(name)
        return None

    def language() -> str:
        lang = flask.request.args.get("lang")
        return lang if lang in LANGUAGES else "sv"

    @server.before_request
    def require_login():
        path = flask.request.path
        if path.startswith(PUBLIC_PATHS):
            return None
        if current_user.is_authenticated:
            started = flask.session.get("login_at")
            if started is None or time.time() - float(started) <= settings.session_minutes * 60:
                return None
            logout_user()
            flask.session.clear()
            reason = "expired"
        else:
            reason = None
        if path.startswith("/_dash-") or flask.request.method != "GET":
            return flask.Response("login required", status=401, mimetype="text/plain")
        if settings.users is None:  # single sign-on only: the proxy in front signs readers in, not this app
            return flask.Response(t("login_sso", language()), status=401, mimetype="text/plain")
        query = {"next": flask.request.full_path.rstrip("?"), "lang": language()}
        if reason:
            query["expired"] = "1"
        return flask.redirect("/login?" + urlencode(query))

    CSRFProtect(server)  # after require_login: an anonymous request is asked to sign in first

    @server.route("/login", methods=["GET", "POST"])
    def login():
        lang = language()
        message = t("login_expired", lang) if flask.request.args.get("expired") else None
        if flask.request.args.get("out"):
            message = t("logged_out", lang)
        if flask.request.method == "POST" and settings.users is not None:
            name = flask.request.form.get("user", "")[:64]
            password = flask.request.form.get("password", "")[:MAX_PASSWORD]
            if check_password(settings.users, name, password):
                flask.session.clear()
                login_user(User(name))
                # The cookie lasts until the browser closes; the server ends the session after
                # session_minutes whatever the cookie says (and can then say so).
                flask.session["login_at"] = time.time()
                log.info("user %s signed in", name)
                return flask.redirect(_safe_next(flask.request.args.get("next")))
            log.warning("a failed sign-in as %r from %s", name, flask.request.remote_addr)
            message = t("login_failed", lang)
        return _login_page(lang, message, generate_csrf()), 200 if flask.request.method == "GET" or message is None else 401

    @server.route("/logout", methods=["POST"])
    def logout():
        lang = language()
        logout_user()
        flask.session.clear()
        return flask.redirect("/login?" + urlencode({"out": "1", "lang": lang}))

    @server.after_request
    def csrf_cookie(response: flask.Response) -> flask.Response:
        if current_user.is_authenticated:
            response.set_cookie(CSRF_COOKIE, generate_csrf(), samesite="Strict", secure=settings.secure_cookies,
                                httponly=False)  # Dash's renderer reads it to send it back as a header
        return response

    @server.errorhandler(CSRFError)
    def refused(error: CSRFError):
        log.warning("a request without a valid CSRF token was refused: %s", error.description)
        return flask.Response("the page is out of date; reload it", status=400, mimetype="text/plain")


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never an address elsewhere ("//evil", "https://…")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def logout_form(lang: str):
    """The "Sign out" button of the page header (a POST with the CSRF token), or None when the
    dashboard has no login."""
    from dash import dcc, html

    if not flask.current_app.config.get("S3_LOGIN"):
        return None
    from flask_wtf.csrf import generate_csrf

    return html.Form([
        dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
        html.Button(t("logout", lang), type="submit", className="btn btn-sm btn-outline-light"),
    ], action=f"/logout?lang={lang}", method="post", className="ms-3")


def _login_page(lang: str, message: str | None, token: str) -> str:
    other = next(code for code in LANGUAGES if code != lang)
    next_target = flask.request.args.get("next", "/")
    here = "/login?" + urlencode({"next": _safe_next(next_target), "lang": lang})
    switch = "/login?" + urlencode({"next": _safe_next(next_target), "lang": other})
    alert = f'<div class="alert alert-info" role="alert">{escape(message)}</div>' if message else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t("login_title", lang))} – {escape(t("app_title", lang))}</title>
<link rel="stylesheet" href="/assets/bootstrap.min.css"><link rel="stylesheet" href="/assets/s3.css"></head>
<body>
<header class="s3-header p-3"><span class="navbar-brand">{escape(t("app_title", lang))}</span>
<a class="nav-link d-inline ms-3" lang="{other}" href="{escape(switch)}">{escape(t("switch_language", lang))}</a></header>
<main id="main" class="container py-4" style="max-width: 28rem">
<h1>{escape(t("login_title", lang))}</h1>
<p>{escape(t("login_intro", lang))}</p>
{alert}
<form method="post" action="{escape(here)}">
<input type="hidden" name="csrf_token" value="{escape(token)}">
<div class="mb-3"><label class="form-label" for="user">{escape(t("login_user", lang))}</label>
<input class="form-control" id="user" name="user" autocomplete="username" required maxlength="64"></div>
<div class="mb-3"><label class="form-label" for="password">{escape(t("login_password", lang))}</label>
<input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
<button class="btn btn-primary" type="submit">{escape(t("login_submit", lang))}</button>
</form></main></body></html>"""
