"""Why a server could not be opened, in the user's words (the server's own line kept below).

libpq's messages name the cause but not what to do: the first entry whose every word of one of
its alternatives is in the message explains it.
"""

from __future__ import annotations

_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (  # (alternatives, advice); "a & b": both
    (("password authentication failed", "no password supplied", "password is required"),
     "The server refused the user name or password. Check both, or ask your administrator to "
     "reset the password."),
    (("no pg_hba.conf entry & no encryption",),
     "The server accepts only encrypted (TLS) connections from here: choose the security "
     "setting “require” or “verify-full” and try again."),
    (("server does not support ssl",),
     "This server does not offer an encrypted (TLS) connection, but the security setting "
     "requires one. Ask your administrator to enable TLS on the server."),
    (("certificate verify failed", "root certificate file", "certificate", "ssl error"),
     "The encrypted connection could not be verified (the server's TLS certificate was not "
     "accepted). Ask your administrator for the certificate authority's file."),
    (("database \" & does not exist",),
     "There is no database of that name on the server. Check its spelling with your "
     "administrator."),
    (("role \" & does not exist",),
     "The server has no user of that name. Check its spelling with your administrator."),
    (("permission denied for database", "not permitted to log in"),
     "This user may not open that database. Ask your administrator for access."),
    (("could not translate host name", "name or service not known", "nodename nor servname"),
     "The server's name could not be found. Check the host name and your network connection."),
    (("connection refused", "timeout expired", "timed out", "no route to host",
      "network is unreachable", "could not connect", "connection to server at"),
     "The server cannot be reached. Check the host and port, your network or VPN, and that "
     "the server is running."),
)


def explain_open_failure(message: str) -> str:
    """``message`` (a StoreError's text) with the likely cause and what to do first."""
    lower = message.lower()
    for alternatives, advice in _CAUSES:
        if any(all(word in lower for word in alt.split(" & ")) for alt in alternatives):
            return f"{advice}\n\n{message}"
    return message
