"""Security headers on every response of the web service (issue 13; ``docs/keamanan.md``,
"Layanan web"): no sniffing, no framing, a Content-Security-Policy that allows only the service's
own scripts and styles (the pages have no inline script or style), the OpenAPI page excepted
(it loads Swagger UI from its CDN)."""

from __future__ import annotations

from typing import Any

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


class KepalaKeamanan:
    """A pure ASGI middleware (it does not wrap the body, so upload budgets stay exact)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        dok = scope.get("path", "").startswith("/docs")

        async def kirim(pesan: dict[str, Any]) -> None:
            if pesan["type"] == "http.response.start":
                ada = {k.lower() for k, _ in pesan.get("headers", [])}
                tambah = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                if not dok:
                    tambah += [(b"x-frame-options", b"DENY"), (b"content-security-policy", CSP.encode())]
                pesan = pesan | {"headers": list(pesan.get("headers", [])) + [h for h in tambah if h[0] not in ada]}
            await send(pesan)

        await self.app(scope, receive, kirim)
