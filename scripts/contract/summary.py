"""Sums up a schemathesis NDJSON report (`--report ndjson`) for the API contract check, as one JSON object on stdout:

    {"requests": 1234, "serverErrors": ["POST /api/tickets -> 500", ...], "noResponse": ["GET /api/queues", ...],
     "errors": ["ReadTimeout: ...", ...], "slowest": [[0.21, "POST /api/login -> 401"], ...]}

`serverErrors` are requests answered 5xx, `noResponse` requests that got no answer (timeouts, refused or reset
connections), `errors` what schemathesis itself reported as errors. Usage: python3 summary.py REPORT.ndjson
"""

import json
import sys
from urllib.parse import urlsplit


def main(path: str) -> None:
    requests, server_errors, no_response, errors, timings = 0, [], [], [], []
    with open(path, encoding="utf-8") as report:
        for line in report:
            event = json.loads(line)
            if "NonFatalError" in event or "FatalError" in event:
                value = (event.get("NonFatalError") or event.get("FatalError")).get("value", {})
                errors.append(f"{value.get('type', '?')}: {value.get('message', '')}"[:300])
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            for interaction in (finished.get("recorder", {}).get("interactions") or {}).values():
                requests += 1
                request = interaction["request"]
                url = urlsplit(request["uri"])
                what = f"{request['method']} {url.path}{'?' + url.query if url.query else ''}"[:200]
                response = interaction.get("response")
                if not response:
                    no_response.append(what)
                    continue
                status = response["status_code"]
                if status >= 500:
                    server_errors.append(f"{what} -> {status}")
                timings.append((response.get("elapsed", 0.0), f"{what} -> {status}"))
    timings.sort(reverse=True)
    print(json.dumps({
        "requests": requests, "serverErrors": server_errors, "noResponse": no_response, "errors": errors,
        "slowest": [[round(seconds, 3), what] for seconds, what in timings[:5]],
    }))


if __name__ == "__main__":
    main(sys.argv[1])
