"""A tiny OpenAI-compatible chat-completions server with scripted answers (tests and bench).

Each POST to ``/v1/chat/completions`` takes the next step of the script:
``{"tool": {...}}`` answers with that tool call, ``{"text": "..."}`` with plain content,
``{"sleep": s}`` waits before answering with the step after it, ``{"status": 500}`` fails.
Requests are recorded so tests can check that the validator's error was fed back, and
their ``Authorization`` headers so tests can check which key was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI:
    """Run with ``with FakeOpenAI(script) as server: server.base_url``."""

    def __init__(
        self,
        script: list[dict[str, Any]] | None = None,
        responder: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> None:
        self.script = list(script or [])
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str | None] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(body)
                    fake.authorizations.append(self.headers.get("Authorization"))
                    step = fake._next_step(body)
                while "sleep" in step:
                    time.sleep(step["sleep"])
                    with fake._lock:
                        step = fake._next_step(body)
                if "status" in step:
                    self._send(step["status"], {"error": {"message": "scripted failure"}})
                    return
                self._send(200, fake._completion(body, step))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _next_step(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.responder is not None:
            return self.responder(body)
        if not self.script:
            return {"text": "script exhausted"}
        return self.script.pop(0)

    @staticmethod
    def _completion(body: dict[str, Any], step: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        if "tool" in step:
            tools = body.get("tools") or [{"function": {"name": "answer"}}]
            name = tools[0]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": json.dumps(step["tool"])},
                }
            ]
            finish = "tool_calls"
        else:
            message["content"] = step.get("text", "")
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
