"""Sending one delivery: e-mail over SMTP, or a JSON POST in the shape 企业微信 and 钉钉 group
robots accept (钉钉's signed URL included). Each message carries an id derived from its
delivery, so a receiver can drop the copy a crash between send and record may repeat."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from infrastructure.notifications.outbox import Delivery

TIMEOUT_SECONDS = 10


class DeliveryError(Exception):
    """The receiver refused or could not be reached; the delivery is tried again later."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    tls: str = "none"  # none, starttls or ssl
    user: str = ""
    password: str = ""
    sender: str = "rectify@localhost"


def one_line(text: str) -> str:
    """A header holds one line: whatever line breaks a title carried become spaces."""
    return " ".join(text.split())


def delivery_id(key: str, channel: str, recipient: str) -> str:
    """Stable across attempts and restarts: what a receiver de-duplicates by."""
    return hashlib.sha256(f"{key}|{channel}|{recipient}".encode()).hexdigest()[:32]


def send_email(smtp: SmtpSettings | None, delivery: Delivery, base_url: str) -> None:
    if smtp is None:
        raise DeliveryError("no SMTP server is configured (RECTIFY_SMTP_HOST)")
    message = EmailMessage()
    message["Subject"] = f"[整改通] {one_line(delivery.subject)}"
    message["From"] = smtp.sender
    message["To"] = delivery.address
    message["Message-ID"] = (
        f"<{delivery_id(delivery.key, delivery.channel, delivery.recipient)}@rectify>"
    )
    message.set_content(f"{delivery.body}\n\n查看：{base_url}{delivery.link}\n")
    try:
        if smtp.tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS)
        with client:
            if smtp.tls == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password)
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"SMTP: {error!r}") from error


MARKDOWN = str.maketrans("[]()<>*`#!_|~\\", "［］（）＜＞＊｀＃！＿｜～＼")
"""The characters a robot's markdown acts on, as their full-width forms: words a person typed
(a title, a reason) are shown, never made into a link, an image, a colour tag or a heading."""


WECOM_CHARACTERS = 1500  # 4096 bytes of UTF-8 hold at least this many Chinese characters


def robot_text(text: str) -> str:
    return text.translate(MARKDOWN)


def wecom_body(delivery: Delivery, base_url: str) -> dict[str, object]:
    """企业微信群机器人: markdown `content`, up to 4096 bytes."""
    subject, body = robot_text(delivery.subject), robot_text(delivery.body)
    link = f"[查看]({base_url}{delivery.link})"
    room = WECOM_CHARACTERS - len(subject) - len(link) - 6  # the body is cut, never the link
    content = f"**{subject}**\n{body[: max(room, 0)]}\n{link}"
    return {"msgtype": "markdown", "markdown": {"content": content[:WECOM_CHARACTERS]}}


def dingtalk_body(delivery: Delivery, base_url: str) -> dict[str, object]:
    """钉钉自定义机器人: markdown `title` and `text`."""
    subject, body = robot_text(delivery.subject), robot_text(delivery.body)
    text = f"#### {subject}\n\n{body}\n\n[查看]({base_url}{delivery.link})"
    return {"msgtype": "markdown", "markdown": {"title": subject[:60], "text": text}}


def dingtalk_signed(url: str, secret: str, now_ms: int | None = None) -> str:
    """钉钉's 加签: timestamp and base64 HMAC-SHA256 of "timestamp\\nsecret", URL-encoded."""
    if not secret:
        return url
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def post_webhook(url: str, body: dict[str, object], delivery: Delivery) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Rectify-Delivery": delivery_id(delivery.key, delivery.channel, delivery.recipient),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read(10_000)
    except OSError as error:
        raise DeliveryError(f"webhook: {error!r}") from error
    try:
        code = json.loads(answer).get("errcode", 0)
    except (ValueError, AttributeError):
        code = 0  # a receiver that answers 2xx without a robot's JSON took the message
    if code not in (0, "0"):
        raise DeliveryError(f"webhook answered errcode {code}: {answer[:200]!r}")
