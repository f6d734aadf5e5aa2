"""A real SMTP server (aiosmtpd) on a free loopback port, for the tests that send email:
Django sends through its SMTP backend to it, as it would to the secretariat's server."""

import email
import logging
import socket
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# aiosmtpd logs every command of every session at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return self.message["Subject"]

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    @property
    def unsubscribe_url(self) -> str:
        return "".join(str(self.message["List-Unsubscribe"]).split()).strip("<>")


class MailServer:
    """What the server was asked to deliver (``received``) and to whom (``asked``);
    addresses in ``refuse`` are refused as a real server refuses an unknown mailbox."""

    def __init__(self):
        self.received: list[Received] = []
        self.asked: list[str] = []
        self.refuse: set[str] = set()
        self.port = free_port()
        self.controller = None

    def start(self):
        """Listen (again: a stopped controller's event loop is closed, so a new one)."""
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        """Go away, as a mail server does when it is down."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.asked.append(address)
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [mail for mail in self.received if address in mail.recipients]

    @property
    def recipients(self) -> list[str]:
        return sorted(address for mail in self.received for address in mail.recipients)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
