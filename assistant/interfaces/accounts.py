"""Coordinator accounts: who may change the guidance (upload, ingest, remove documents).

Accounts live in ``<data_dir>/coordinators.json`` as salted scrypt hashes (standard library
``hashlib.scrypt``); a password is never stored, logged or shown. ``mentor-assistant
coordinators add NAME`` creates one. Failed sign-ins are slowed down: each failure in a row for
a name doubles the wait before the answer, from ``signin_delay_s`` up to ``signin_delay_max_s``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import threading

from assistant.settings import Settings

# scrypt's recommended interactive parameters (16 MiB, about 50 ms on these machines)
_N, _R, _P, _LEN = 2**14, 8, 1, 32
NAME = re.compile(r"^[\w.@-]{1,64}$")


class AccountError(ValueError):
    """A bad account name or password; the message says what is wrong."""


def _hash(password: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_LEN, maxmem=2**26)


class Coordinators:
    """The coordinator accounts of one data directory."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.path = settings.data_dir / "coordinators.json"
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ the file
    def _read(self) -> dict[str, dict]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AccountError(f"Cannot read {self.path} ({exc}); fix or delete it.") from exc

    def _write(self, accounts: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(accounts, indent=1, sort_keys=True), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)

    def names(self) -> list[str]:
        return sorted(self._read())

    def add(self, name: str, password: str) -> None:
        """Create ``name`` or set a new password for it."""
        if not NAME.match(name):
            raise AccountError("A name is 1-64 letters, digits, '.', '_', '-' or '@'.")
        if len(password) < self.settings.password_min_chars:
            raise AccountError(f"A password needs at least {self.settings.password_min_chars} characters.")
        salt = os.urandom(16)
        record = {
            "scrypt": [_N, _R, _P],
            "salt": base64.b64encode(salt).decode("ascii"),
            "hash": base64.b64encode(_hash(password, salt)).decode("ascii"),
        }
        with self._lock:
            accounts = self._read()
            accounts[name] = record
            self._write(accounts)

    def remove(self, name: str) -> bool:
        with self._lock:
            accounts = self._read()
            if accounts.pop(name, None) is None:
                return False
            self._write(accounts)
            return True

    def known(self, name: str | None) -> bool:
        """Whether ``name`` (a signed-in user's name) is a coordinator now."""
        return bool(name) and name in self._read()

    # ------------------------------------------------------------------ signing in
    def check(self, name: str, password: str) -> bool:
        """Whether the password is ``name``'s (constant-time comparison, no delay)."""
        record = self._read().get(name)
        if record is None:
            _hash(password, b"\0" * 16)  # as slow for an unknown name as for a known one
            return False
        n, r, p = record["scrypt"]
        got = _hash(password, base64.b64decode(record["salt"]), n, r, p)
        return hmac.compare_digest(got, base64.b64decode(record["hash"]))

    def delay(self, name: str) -> float:
        """Seconds to wait before answering the next failed sign-in of ``name``."""
        failures = self._failures.get(name, 0)
        if failures == 0:
            return 0.0
        base, cap = self.settings.signin_delay_s, self.settings.signin_delay_max_s
        return min(cap, base * 2 ** (failures - 1))

    async def verify(self, name: str, password: str) -> bool:
        """Gradio's ``auth=`` callable: True for a coordinator's right password; a failure
        waits ``delay`` seconds, longer each time in a row."""
        ok = await asyncio.to_thread(self.check, name, password)
        with self._lock:
            if ok:
                self._failures.pop(name, None)
                return True
            self._failures[name] = self._failures.get(name, 0) + 1
            wait = self.delay(name)
        await asyncio.sleep(wait)
        return False

    def require(self, name: str | None) -> str:
        """``name`` when it is a signed-in coordinator, else an error saying what to do."""
        if not self.known(name):
            raise PermissionError("Only a signed-in coordinator can change the guidance.")
        return str(name)
