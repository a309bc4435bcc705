"""A Python service as a team would write it, reporting through Debian's python3-sentry-sdk (1.x)."""
import os
import sentry_sdk

sentry_sdk.init(dsn=os.environ["DSN"], release="billing@2.0.0", environment="production", traces_sample_rate=0)
sentry_sdk.set_user({"id": "u-42", "email": "ada@example.com"})
sentry_sdk.set_tag("tier", "billing")
sentry_sdk.add_breadcrumb(category="db", message="SELECT order", level="info")


def load_order(order_id):
    raise KeyError(order_id)


def charge(order_id):
    amount = 1999
    try:
        load_order(order_id)
    except KeyError as exc:
        raise RuntimeError("charge failed for " + order_id) from exc


try:
    charge("ord-1001")
except RuntimeError:
    sentry_sdk.capture_exception()

sentry_sdk.capture_message("nightly invoice run finished", level="info")
sentry_sdk.flush(5)
