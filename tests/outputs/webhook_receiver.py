"""A local HTTP receiver for webhook tests: verifies Standard Webhooks signatures, dedupes by id."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class Receiver:
    secret: str | None
    url: str = ""
    fail_next: list[int] = field(default_factory=list)  # statuses to answer before accepting
    requests: int = 0
    rejected: int = 0  # bad signatures
    events: dict[str, dict] = field(default_factory=dict)  # by webhook-id: duplicates collapse
    raw: list[dict] = field(default_factory=list)


@contextlib.contextmanager
def webhook_receiver(secret: str | None) -> Iterator[Receiver]:
    receiver = Receiver(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            receiver.requests += 1
            if receiver.fail_next:
                self.send_response(receiver.fail_next.pop(0))
                self.end_headers()
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            if receiver.secret is not None:
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                except Exception:
                    receiver.rejected += 1
                    self.send_response(401)
                    self.end_headers()
                    return
            else:
                payload = json.loads(body)
            receiver.raw.append({"headers": headers, "payload": payload})
            receiver.events.setdefault(headers["webhook-id"], payload)
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
