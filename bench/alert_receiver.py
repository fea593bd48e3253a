#!/usr/bin/env python3
"""Webhook receiver for bench/alert-latency.sh (standard library only).

  alert_receiver.py OUT PORT_FILE

Listens on 127.0.0.1 on a free port (written to PORT_FILE once it is listening), answers every POST with 204 at
once, and appends one tab-separated line per request to OUT, flushed at once:
  arrival Unix ms (after the whole body was read)  Idempotency-Key  monitor id  kind
Keep-alive (HTTP/1.1), one thread per connection, so a slow line never holds back another connection's request.
Stops on SIGTERM.
"""
import http.server, json, os, signal, sys, threading, time

_lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open: Vigil pools them, as it would against a real receiver

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        arrived = time.time()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
        try:
            alert = json.loads(body)
            monitor, kind = (alert.get("monitor") or {}).get("id") or "-", alert.get("kind") or "-"
        except ValueError:
            monitor, kind = "-", "unparsable"
        line = f"{arrived * 1000:.1f}\t{self.headers.get('Idempotency-Key') or '-'}\t{monitor}\t{kind}\n"
        with _lock:
            self.server.out.write(line)
            self.server.out.flush()

    def log_message(self, *args):  # one line per request already goes to OUT
        pass


def main(out_path, port_file):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.out = open(out_path, "a", buffering=1)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)  # the script waits for the file, so it must appear whole
    server.serve_forever()
    server.out.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
