# A transaction with three spans (one nested) from Debian's python3-sentry-sdk (1.x), which sends `transaction` events.
import os, sys, json, time
import sentry_sdk

sentry_sdk.init(dsn=os.environ["DSN"], release="billing@2.0.0", environment="production", traces_sample_rate=1.0)
with sentry_sdk.start_transaction(op="task", name="nightly-invoices") as txn:
    with txn.start_child(op="db", description="SELECT orders") as db:
        with db.start_child(op="db.fetch", description="fetch rows"):
            time.sleep(0.002)
    with txn.start_child(op="http.client", description="POST https://pay.example/charge?api_key=abc123"):
        time.sleep(0.001)
    ids = {"traceId": txn.trace_id, "rootSpanId": txn.span_id}
sentry_sdk.flush(5)
sys.stdout.write(json.dumps(ids))
