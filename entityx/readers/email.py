"""EML (an e-mail message, RFC 5322 / MIME): its From, To, Cc and Subject
lines, then its text part (the HTML part's text when it has no plain one).

The header lines are part of ``Document.text`` (names in them are found and
their offsets point there) and are also in ``Document.metadata``.
Attachments are not read; a warning says how many there were.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from ..documents import Document, human_size
from ..errors import InputError
from .base import RawInput, Reader, ReadOptions

if TYPE_CHECKING:
    from email.message import EmailMessage

_SHOWN = ("From", "To", "Cc", "Subject")
_FIELD = rb"[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*"
# A block of header fields at the very start (an mbox "From " line allowed).
_HEADER_BLOCK = re.compile(rb"^(?:From [^\r\n]*\r?\n)?(?:" + _FIELD + rb"){2,}")
_KNOWN = re.compile(rb"^(?:from|to|subject|date|message-id|received|return-path|mime-version"
                    rb"|delivered-to|reply-to|cc|sender|x-[\w-]+|dkim-signature"
                    rb"|authentication-results|arc-[\w-]+):", re.IGNORECASE | re.MULTILINE)


class EmailReader(Reader):
    """A saved e-mail message (.eml)."""

    kind: ClassVar[str] = "email"
    suffixes: ClassVar[tuple[str, ...]] = (".eml",)

    def sniff(self, head: bytes) -> bool:
        block = _HEADER_BLOCK.match(head)
        if block is None:
            return False
        fields = {m.group(0).lower() for m in _KNOWN.finditer(block.group(0))}
        return b"from:" in fields and len(fields) >= 3

    def read(self, raw: RawInput, options: ReadOptions) -> Document:
        # Imported here: the e-mail package costs ~70 ms, paid only for e-mail.
        from email import policy
        from email.message import EmailMessage
        from email.parser import BytesParser

        message = BytesParser(policy=policy.default).parsebytes(raw.data)
        assert isinstance(message, EmailMessage)
        metadata = {}
        lines = []
        for name in _SHOWN:
            value = _header(message, name)
            if value:
                metadata[name.lower()] = value
                lines.append(f"{name}: {value}")
        if message.get("Date"):
            metadata["date"] = str(message.get("Date"))
        if not lines:
            raise InputError(raw.name, "not an e-mail message (no From, To or Subject)")
        body = _body_text(raw.name, message, options.encoding)
        text = "\n".join(lines) + ("\n\n" + body if body else "")
        if len(text.encode("utf-8", "surrogatepass")) > options.max_bytes:
            raise InputError(raw.name, f"text extracted is over the limit of "
                                       f"{human_size(options.max_bytes)}; raise the limit with --max-bytes")
        warnings = []
        attachments = sum(1 for _ in message.iter_attachments())
        if attachments:
            warnings.append(f"{attachments} attachment(s) not read")
        return Document(raw.name, text, kind=self.kind, warnings=warnings, metadata=metadata)


def _header(message: EmailMessage, name: str) -> str:
    """A header's value as the message writes it, unfolded, with its encoded
    words decoded where they can be. Not the standard library's parsed
    value: its address parser drops what it cannot parse without a word
    (the second recipient of Outlook's "A <a@x>; B <b@y>", the name in the
    old "a@x (Ann Lee)" form) or fails outright on a malformed address."""
    from email.header import decode_header, make_header

    raw = next((str(v) for k, v in message.raw_items() if k.lower() == name.lower()), "")
    try:
        value = str(make_header(decode_header(raw)))
    except Exception:  # noqa: BLE001 -- malformed encoded words: keep them as written
        value = raw
    return " ".join(value.split())


def _body_text(name: str, message: EmailMessage, encoding: str | None) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError):
        part = None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, KeyError, AssertionError):
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return ""
        from .text import decode

        content = decode(name, payload, encoding)[0]
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        from .html import page_text, parse

        return page_text(parse(name, content), main_only=False)
    return content.replace("\r\n", "\n").strip()
