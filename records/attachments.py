"""Files attached to a record: what their bytes are, not what their names say.

An upload is accepted only when its bytes are of a type ``ATTACHMENT_TYPES`` allows, that type
is the one its name gives, it is no larger than ``ATTACHMENT_MAX_BYTES``, and, for a PDF, it
carries no JavaScript, embedded files or launch actions.
"""

import hashlib
import io
import re
import socket
import struct
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PNG = "image/png"
JPEG = "image/jpeg"

# The main part each Office Open XML type names in its [Content_Types].xml.
_OOXML_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    PPTX: b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# PDF names that run code or carry other files (``#xx`` escapes in names undone first).
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|EmbeddedFiles?|Launch|RichMedia)(?![A-Za-z])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def sniff(data: bytes) -> str | None:
    """The content type ``data`` is, by its bytes; ``None`` if none we know."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                types = archive.read("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        for content_type, main_part in _OOXML_MAIN_PARTS.items():
            if main_part in types:
                return content_type
    return None


def inspect(name: str, data: bytes) -> tuple[str, str]:
    """``(content type, SHA-256)`` of an acceptable upload; else ``ValidationError`` saying why."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            f"The file is {len(data):,} bytes; attachments may be at most {limit:,} bytes."
        )
    allowed = settings.ATTACHMENT_TYPES
    extension = PurePath(name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            f"“{extension or name}” files cannot be attached; attach one of "
            f"{', '.join(sorted(allowed))}."
        )
    content_type = sniff(data)
    if content_type != allowed[extension]:
        raise ValidationError(
            f"The file is named {extension} but its contents are not a {extension} file."
        )
    if content_type == PDF:
        names = _PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), data)
        found = _PDF_ACTIVE.search(names)
        if found:
            raise ValidationError(
                f"The PDF carries /{found[1].decode()} (scripts, embedded files or actions): "
                "attach a PDF without them."
            )
    return content_type, hashlib.sha256(data).hexdigest()


# --- Virus scanning through a clamd daemon (optional: ``CLAMD_ADDRESS``) --------------------


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not answer: the file stays pending."""


def scan(data: bytes) -> str | None:
    """The name of the virus clamd finds in ``data``, or ``None`` when it is clean.

    ``CLAMD_ADDRESS`` is ``host:port`` or the path of clamd's Unix socket; the bytes are sent
    with clamd's ``INSTREAM`` command. Raises ``ScannerUnavailable`` when clamd does not answer.
    """
    address = settings.CLAMD_ADDRESS
    try:
        if ":" in address and not address.startswith("/"):
            host, port = address.rsplit(":", 1)
            connection = socket.create_connection((host, int(port)), timeout=30)
        else:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(30)
            connection.connect(address)
        with connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), 65536):
                chunk = data[start : start + 65536]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                received = connection.recv(4096)
                if not received:
                    break
                answer += received
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    answer = answer.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream: ").removesuffix(" FOUND")
    if answer.endswith(" OK"):
        return None
    raise ScannerUnavailable(answer)


def scan_upload(data: bytes) -> str:
    """The ``Attachment.scan`` state of a new upload; ``ValidationError`` if it is infected."""
    if not settings.CLAMD_ADDRESS:
        return "not_scanned"
    try:
        virus = scan(data)
    except ScannerUnavailable:
        return "pending"
    if virus:
        raise ValidationError(f"The virus scanner found {virus} in the file: it is refused.")
    return "clean"
