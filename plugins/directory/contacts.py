"""How visitors reach an exhibitor: WhatsApp click-to-chat, phone, Instagram,
website and marketplace shops, as ready-made links.

Phone and WhatsApp numbers are the owner's personal data: they are shown only
when the record says `contact_public: true`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from data_layer.fields import to_e164

GREETINGS = {
    "id": "Halo {name}, saya melihat usaha Anda di situs Jakpreneur Fest.",
    "en": "Hello {name}, I found your business on the Jakpreneur Fest website.",
}


@dataclass
class Contact:
    kind: str  # whatsapp, phone, instagram, website, marketplace
    label: str
    text: str
    href: str


def whatsapp_link(number: str, name: str, lang: str) -> str:
    """`https://wa.me/6281234567890?text=...`: wa.me wants the E.164 digits
    without `+`, and a URL-encoded greeting to prefill the chat."""
    greeting = GREETINGS[lang].format(name=name)
    return f"https://wa.me/{to_e164(number).lstrip('+')}?text={quote(greeting, safe='')}"


def exhibitor_contacts(data, lang: str, marketplace_label) -> list[Contact]:
    found = []
    if data.contact_public and data.whatsapp:
        link = whatsapp_link(data.whatsapp, data.name, lang)
        found.append(Contact("whatsapp", "WhatsApp", data.whatsapp, link))
    if data.contact_public and data.phone:
        found.append(Contact("phone", "phone", data.phone, f"tel:{to_e164(data.phone)}"))
    if data.instagram:
        found.append(Contact("instagram", "Instagram", "@" + data.instagram,
                             f"https://www.instagram.com/{data.instagram}/"))  # fmt: skip
    if data.website:
        found.append(Contact("website", "website", data.website, data.website))
    for shop in data.marketplaces or []:
        found.append(Contact("marketplace", marketplace_label(shop.platform), shop.url, shop.url))
    return found
