"""Gates on the markup itself: ready for a strict Content-Security-Policy,
and free of anything executable that hostile data could have smuggled in."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .html_scan import html_files, scan

# A URL scheme is read after dropping what browsers ignore (whitespace and
# control characters), case-insensitively.
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application")
EMBEDDING_TAGS = {"iframe", "object", "embed", "frame"}
EXECUTABLE_TEXT = re.compile(
    r"<\s*script\b|<\s*iframe\b|\son[a-z]+\s*=|javascript:|data:text/html", re.IGNORECASE
)


def normalised_url(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value).lower()


def check_csp_ready(output: Path) -> list[str]:
    """No inline script (JSON-LD aside), no on*= handlers, no style= or <style>."""
    problems = []
    for path in html_files(output):
        page, name = scan(path), path.relative_to(output).as_posix()
        problems += [f"{name}:{line}: inline <script>" for line in page.inline_scripts]
        problems += [f"{name}:{line}: {attr}= handler" for attr, line in page.event_handlers]
        problems += [f"{name}:{line}: style= attribute" for line in page.style_attributes]
        problems += [f"{name}:{line}: <style> element" for line in page.style_elements]
    return problems


def check_nothing_executable(output: Path) -> list[str]:
    """Every output file: HTML without scripts, handlers, dangerous URLs or
    embedded frames; feeds and other XML without such HTML in their text."""
    problems = check_csp_ready(output)
    for path in html_files(output):
        page, name = scan(path), path.relative_to(output).as_posix()
        problems += [f"{name}: script {src!r}" for src in page.script_sources
                     if normalised_url(src).startswith(DANGEROUS_SCHEMES)]  # fmt: skip
        for tag, attribute, value, line in page.urls:
            if tag in EMBEDDING_TAGS:
                problems.append(f"{name}:{line}: <{tag}> element")
            if normalised_url(value).startswith(DANGEROUS_SCHEMES):
                problems.append(f"{name}:{line}: <{tag} {attribute}={value!r}>")
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in (".xml", ".atom", ".rss"):
            try:
                text = " ".join(ET.parse(path).getroot().itertext())
            except ET.ParseError:
                continue  # check_xml_well_formed reports it
            for match in EXECUTABLE_TEXT.finditer(text):
                problems.append(
                    f"{path.relative_to(output)}: {match.group(0)!r} in the feed's HTML"
                )
    return problems


def check_xml_well_formed(output: Path) -> tuple[list[str], int]:
    problems, count = [], 0
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in (".xml", ".atom", ".rss"):
            count += 1
            try:
                ET.parse(path)
            except ET.ParseError as error:
                problems.append(f"{path.relative_to(output)}: {error}")
    return problems, count
