"""E-mail drafts: one ``.eml`` per delegate, their pack attached, for the user's own mail program.

Nothing is sent by Mission Desk (offline first, no mail server settings): the user opens the file
and sends it from their own account. The message is RFC 5322 / MIME, written with Python's
``email`` package (``EmailMessage``, the SMTP policy: CRLF line ends, non-ASCII names and
subjects as encoded words, the attachment's file name in RFC 2231 form, the PDF in base64):

- ``X-Unsent: 1`` makes Outlook open it as an unsent message with a Send button (Outlook reads
  that header when converting MIME to a MAPI message and clears ``MSGFLAG_UNSENT`` only when it
  is absent: Microsoft, "Did I Send That?", learn.microsoft.com/en-us/archive/blogs/
  stephen_griffin/did-i-send-that; the same header and rules as Symfony's ``DraftEmail``,
  github.com/symfony/symfony/pull/44311);
- no ``From``, ``Date`` or ``Message-ID``: the mail program fills them in from the account that
  sends it (a draft with our own would claim a sender and a time it never had);
- Thunderbird opens an ``.eml`` as a message (File ▸ Open ▸ Saved Message…, or a double click);
  "Edit As New Message" (Ctrl+E) turns it into a draft with the same recipient, text and attachment.

The file is written like every export (a new temporary file in the folder, owner-only, logged
before it is moved into place): it holds the pack, so the export log lists it for an erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from planner.exports.output import write_output

MAX_LINE = 76


@dataclass(frozen=True)
class Draft:
    """One message to write: to whom, what it says, which file it carries."""

    to_name: str
    to_email: str  # "" when the delegate has no address: the draft has no recipient yet
    subject: str
    body: str
    attachment: Path  # the pack (a PDF)


def _clean_header(text: str) -> str:
    """A header value on one line (a name with a line break must not add headers)."""
    return " ".join(text.split())


def _address(name: str, email: str) -> Address | None:
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or not domain or any(c in email for c in "\r\n<>,;\"") or " " in email.strip():
        return None
    return Address(display_name=_clean_header(name), username=local, domain=domain)


def build_message(draft: Draft) -> EmailMessage:
    """The draft as a MIME message: a short text/plain part and the pack as application/pdf."""
    msg = EmailMessage(policy=SMTP)
    address = _address(draft.to_name, draft.to_email)
    if address is not None:
        msg["To"] = address
    msg["Subject"] = _clean_header(draft.subject)
    msg["X-Unsent"] = "1"
    msg.set_content(draft.body)
    msg.add_attachment(draft.attachment.read_bytes(), maintype="application", subtype="pdf",
                       filename=draft.attachment.name)
    return msg


def write_email_draft(draft: Draft, path: Path, *, before_publish: Callable[[], None] | None = None) -> Path:
    """Write ``draft`` to ``path`` (an ``.eml``); ``before_publish`` runs before it appears."""
    return write_output(path, bytes(build_message(draft)), before_publish=before_publish)


def has_address(email: str) -> bool:
    return _address("", email) is not None


__all__ = ["Draft", "build_message", "has_address", "write_email_draft"]
