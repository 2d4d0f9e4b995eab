"""Ready-made fields for the booth card template, one language at a time."""

from __future__ import annotations

from directory import urls
from directory.views import DirectoryIndex, ExhibitorCard

from .qr import qr_size_of


def page_address(absolute_url: str, slug: str) -> str:
    """What the QR code encodes: the exhibitor's Indonesian page, absolute."""
    return f"{absolute_url.rstrip('/')}/{urls.exhibitor('id', slug)}"


def booth_card_view(index: DirectoryIndex, card: ExhibitorCard, qr_file: str, address: str) -> dict:
    """`qr_file`: the card's QR code in the derived-files cache."""
    page = index.exhibitor_page(card)
    # The exhibitor page's own contact list, so that the card shows WhatsApp
    # exactly when the page does: only with the owner's consent.
    whatsapp = next((c for c in page["contacts"] if c.kind == "whatsapp"), None)
    return {
        "card": card,
        "booth": page["booth"],
        "qr_url": urls.qr_code(card.slug),
        "qr_size": qr_size_of(qr_file),
        "address": address,
        "whatsapp": whatsapp,
    }
