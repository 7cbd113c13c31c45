-- wrk script: the heartbeat request without an Authorization header. The API's first filter
-- answers 401 before any other work, so this measures what the HTTP stack alone costs.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"content_kind": "lms_lesson", "content_id": 1, "position_sec": 10}'
