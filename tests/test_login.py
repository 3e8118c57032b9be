"""The optional login's users file: hashed passwords written by `python -m dashboard adduser`,
read back, checked; a malformed file or a weak password is refused with a clear message."""

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.auth import UsersFileError, _safe_next, add_user, check_password, read_users
from tests.servers import serve_dashboard

ROOT = Path(__file__).parent.parent


def test_adduser_reads_the_password_from_standard_input_and_keeps_only_a_salted_hash(tmp_path):
    users = tmp_path / "users"
    done = subprocess.run([sys.executable, "-m", "dashboard", "adduser", "--users", str(users), "anna.berg"],
                          input="ett långt lösenord\n", capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "added anna.berg" in done.stderr
    text = users.read_text(encoding="utf-8")
    assert "ett långt lösenord" not in text and "anna.berg:scrypt:" in text
    assert users.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert check_password(users, "anna.berg", "ett långt lösenord")
    assert not check_password(users, "anna.berg", "ett annat lösenord") and not check_password(users, "nobody", "x" * 12)
    again = subprocess.run([sys.executable, "-m", "dashboard", "adduser", "--users", str(users), "anna.berg"],
                           input="ett nytt långt lösenord\n", capture_output=True, text=True, cwd=ROOT)
    assert "changed the password of anna.berg" in again.stderr and list(read_users(users)) == ["anna.berg"]


def test_a_short_password_or_a_strange_name_is_refused(tmp_path):
    with pytest.raises(UsersFileError, match="a password has 10 to 1024 characters"):
        add_user(tmp_path / "users", "anna", "kort")
    with pytest.raises(UsersFileError, match="user name 'anna berg'"):
        add_user(tmp_path / "users", "anna berg", "ett långt lösenord")
    assert not (tmp_path / "users").exists()


def test_a_malformed_users_file_is_refused_with_its_line(tmp_path):
    users = tmp_path / "users"
    users.write_text("# users\nanna:plaintext\n")
    with pytest.raises(UsersFileError, match=r"users:2: not a 'name:hash' line"):
        read_users(users)
    done = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--users", str(tmp_path / "missing"),
                           "--db", str(tmp_path / "s3.db")], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1 and "no users file at" in done.stderr and "adduser" in done.stderr


@pytest.mark.parametrize("target, safe", [
    ("/indicator?strategy=blekinge", "/indicator?strategy=blekinge"), ("//evil.example/", "/"),
    ("https://evil.example/", "/"), ("/\\evil", "/"), (None, "/"),
])
def test_after_signing_in_the_reader_goes_back_only_to_a_page_of_this_site(target, safe):
    assert _safe_next(target) == safe


def serve(tmp_path, db, **env):
    return serve_dashboard(db, tmp_path / "server.log", env={"S3_SECRET_KEY": "test-key", **env}, probe="/login")


def test_single_sign_on_believes_the_proxys_header_only_from_the_proxy(tmp_path):
    import requests

    db = tmp_path / "s3.db"
    trusted, first = serve(tmp_path, db, S3_TRUSTED_USER_HEADER="X-Remote-User")
    try:
        assert requests.get(trusted + "/_dash-layout", timeout=10).status_code == 401
        refused = requests.get(trusted + "/?lang=en", timeout=10, allow_redirects=False)
        assert refused.status_code == 401 and "single sign-on" in refused.text
        signed_in = requests.get(trusted + "/_dash-layout", headers={"X-Remote-User": "anna.berg"}, timeout=10)
        assert signed_in.status_code == 200
    finally:
        first.terminate()
        first.wait(timeout=10)
    elsewhere, second = serve(tmp_path, db, S3_TRUSTED_USER_HEADER="X-Remote-User", S3_TRUSTED_PROXIES="192.0.2.1")
    try:  # the header from an address that is not the proxy's is anyone's word: ignored
        assert requests.get(elsewhere + "/_dash-layout", headers={"X-Remote-User": "anna.berg"}, timeout=10).status_code == 401
    finally:
        second.terminate()
        second.wait(timeout=10)
