"""What the browser itself reports while a test drives a page: Content-Security-Policy
violations (the `securitypolicyviolation` event of every document the page loads, and
Chromium's console line about a refused script, style or frame), so a test can fail on them."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page

_LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber} ${event.sample}`
  );
});
"""


def watch_csp(page: Page) -> list[str]:
    """Listen on every document the page loads from now on; the returned list fills with
    each violation as it happens (with the address of the page it happened on)."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: console: {message.text}")

    page.expose_function("__reportCspViolation", lambda text: found.append(f"{page.url}: {text}"))
    page.add_init_script(_LISTEN)
    page.on("console", on_console)
    return found
