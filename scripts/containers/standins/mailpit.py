"""Stand-in for Mailpit (test tooling): keeps every message it receives on SMTP port 1025 in memory and shows them
on port 8025 -- a list at /, one message at /view/ID, and Mailpit's own JSON list at /api/v1/messages."""
import email
import email.policy
import html
import itertools
import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

messages = []
lock = threading.Lock()
ids = itertools.count(1)


class Sink:
    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        with lock:
            messages.append({
                "ID": str(next(ids)),
                "MessageID": str(parsed.get("Message-ID", "")).strip("<>"),
                "From": {"Name": "", "Address": envelope.mail_from},
                "To": [{"Name": "", "Address": a} for a in envelope.rcpt_tos],
                "Subject": str(parsed.get("Subject", "")),
                "Created": datetime.now(timezone.utc).isoformat(),
                "Size": len(envelope.content),
                "Snippet": (body.get_content() if body else "")[:200],
                "_raw": envelope.content.decode("utf-8", "replace"),
            })
        print(f"received from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}", flush=True)
        return "250 OK"


def public(m):
    return {k: v for k, v in m.items() if not k.startswith("_")}


class Web(BaseHTTPRequestHandler):
    def send(self, status, kind, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            listed = list(reversed(messages))
        if self.path.startswith("/api/v1/messages"):
            page = [public(m) for m in listed]
            return self.send(200, "application/json", json.dumps(
                {"total": len(page), "unread": len(page), "count": len(page), "messages": page}))
        if self.path in ("/livez", "/readyz"):
            return self.send(200, "text/plain", "ok")
        if self.path.startswith("/view/"):
            found = [m for m in listed if m["ID"] == self.path[len("/view/"):]]
            if not found:
                return self.send(404, "text/plain", "no such message")
            return self.send(200, "text/html; charset=utf-8",
                             f"<pre>{html.escape(found[0]['_raw'])}</pre>")
        rows = "".join(
            f"<tr><td>{html.escape(m['Created'][:19])}</td><td>{html.escape(', '.join(t['Address'] for t in m['To']))}</td>"
            f"<td><a href='/view/{m['ID']}'>{html.escape(m['Subject'] or '(no subject)')}</a></td></tr>"
            for m in listed)
        self.send(200, "text/html; charset=utf-8",
                  "<!doctype html><title>Mail (Mailpit stand-in)</title><h1>Mail</h1>"
                  f"<table><tr><th>received</th><th>to</th><th>subject</th></tr>{rows}</table>")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    smtp = Controller(Sink(), hostname="0.0.0.0", port=1025)
    smtp.start()
    print("mailpit stand-in: SMTP on :1025, web on :8025", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8025), Web).serve_forever()
