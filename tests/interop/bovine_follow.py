"""bovine (PyPI) as an ActivityPub *server* following a Plural group.

Built from bovine's own pieces: its RSA key generation, its actor document
builder, its Follow builder, its HTTP-signature signing (BovineActor) for the
outgoing Follow and its HTTP-signature verification (SignatureChecker) for
every POST to its inbox, with Plural's keys fetched by bovine's signed GET.

It serves its Person on 127.0.0.1, sends a signed Follow to the group,
verifies Plural's signed Accept, asks Plural's API to publish an event in the
group, verifies the signed Create(Event) that arrives, and checks that the
same verifier refuses that Create once its body is altered (with a Digest
that matches the altered body). Prints one JSON line and exits 0, or prints
FAIL on stderr and exits 1.

    python3 bovine_follow.py <plural base URL> <group id URL> <group slug> <API token>

Nothing here imports bovine.parse or bovine.jsonld: they open a JSON-LD cache
file in the working directory and fetch contexts from the internet.
"""

import asyncio
import datetime
import json
import socket
import sys

import aiohttp
from aiohttp import web
from bovine import BovineActor
from bovine.activitystreams import Actor
from bovine.activitystreams.activity_factory import ActivityFactory
from bovine.crypto import build_validate_http_signature_raw, generate_rsa_public_private_key
from bovine.crypto.helper import content_digest_sha256
from bovine.crypto.types import CryptographicIdentifier

AS = "application/activity+json"
# Each network step is bounded so the Rust test that runs this never hangs.
STEP_SECONDS = 30
WHOLE_RUN_SECONDS = 120


class Failure(Exception):
    pass


async def run(plural, group_id, group_slug, token):
    public_pem, private_pem = generate_rsa_public_private_key()
    timeout = aiohttp.ClientTimeout(total=STEP_SECONDS)
    session = aiohttp.ClientSession(timeout=timeout)
    runner = None
    try:
        # Port 0: the kernel picks a free port, known only once listening,
        # so the actor's URLs are filled in after the site starts.
        me = {}
        verified = asyncio.Queue()
        refused = []

        async def serve_actor(_request):
            return web.json_response(me["document"], content_type=AS)

        async def inbox(request):
            body = await request.read()
            headers = {k.lower(): v for k, v in request.headers.items()}

            async def read_body():
                return body

            signer = await validate(request.method, str(request.url), headers, read_body)
            if signer is None:
                refused.append(headers.get("signature", "(no signature)"))
                return web.json_response({"error": "signature not verified"}, status=401)
            await verified.put((signer, json.loads(body), request.method, str(request.url), headers, body))
            return web.Response(status=202)

        app = web.Application()
        app.router.add_get("/actor", serve_actor)
        app.router.add_post("/actor/inbox", inbox)
        runner = web.AppRunner(app)
        await runner.setup()
        listener = socket.create_server(("127.0.0.1", 0))
        await web.SockSite(runner, listener).start()
        port = listener.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        actor_id = f"{base}/actor"
        me["document"] = Actor(
            id=actor_id,
            type="Person",
            name="bovine follower",
            preferred_username="bovine",
            inbox=f"{actor_id}/inbox",
            outbox=f"{actor_id}/outbox",
            public_key=public_pem,
            public_key_name="main-key",
        ).build()

        bovine_actor = BovineActor(actor_id=actor_id, public_key_url=f"{actor_id}#main-key", secret=private_pem)
        await bovine_actor.init(session=session)

        async def key_for(key_id):
            # bovine's signed GET fetches the signer's actor; the key must be
            # the one named by keyId, and its owner is what verification returns.
            document = await bovine_actor.get(key_id.split("#")[0])
            key = (document or {}).get("publicKey") or {}
            if key.get("id") != key_id:
                return None
            return CryptographicIdentifier.from_public_key(key)

        validate = build_validate_http_signature_raw(key_for)

        async def next_verified(kind, what):
            deadline = asyncio.get_running_loop().time() + STEP_SECONDS
            while True:
                left = deadline - asyncio.get_running_loop().time()
                try:
                    item = await asyncio.wait_for(verified.get(), timeout=max(left, 0))
                except TimeoutError:
                    raise Failure(f"timed out waiting for {what}; refused signatures: {refused}")
                if item[1].get("type") == kind:
                    return item

        group = await bovine_actor.get(group_id)
        if not group or group.get("type") != "Group" or not group.get("inbox"):
            raise Failure(f"{group_id} is not a Group with an inbox: {group}")

        follow = ActivityFactory(me["document"]).follow(group_id, id=f"{base}/follows/1").build()
        response = await bovine_actor.post(group["inbox"], follow)
        if response.status >= 300:
            raise Failure(f"Plural refused the Follow: {response.status} {await response.text()}")

        signer, accept, *_ = await next_verified("Accept", "Plural's Accept")
        if signer != group_id or accept.get("actor") != group_id:
            raise Failure(f"Accept signed by {signer} for {accept.get('actor')}")
        accepted = accept.get("object")
        if not isinstance(accepted, dict) or accepted.get("id") != follow["id"]:
            raise Failure(f"Accept of {accepted}, not of {follow['id']}")

        day = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
        event_request = {
            "group": group_slug,
            "publish": True,
            "title": "Interop picnic",
            "venue": "The common",
            "date": day,
            "start_time": "12:00",
            "end_time": "15:00",
            "is_free": True,
        }
        async with session.post(
            f"{plural}/api/v1/events", json=event_request, headers={"authorization": f"Bearer {token}"}
        ) as response:
            if response.status != 201:
                raise Failure(f"Plural refused the event: {response.status} {await response.text()}")

        signer, create, method, url, headers, body = await next_verified("Create", "Plural's Create(Event)")
        event = create.get("object")
        if signer != group_id or create.get("actor") != group_id:
            raise Failure(f"Create signed by {signer} for {create.get('actor')}")
        if not isinstance(event, dict) or event.get("type") != "Event":
            raise Failure(f"Create of {event}, not of an Event")

        # The verifier is not a formality: the same request with one letter of
        # its body changed, and a Digest recomputed to match, is refused by
        # the RSA signature check itself.
        altered = body.replace(b"Interop picnic", b"Interop picnik")

        async def altered_body():
            return altered

        altered_headers = {**headers, "digest": content_digest_sha256(altered)}
        if altered == body or await validate(method, url, altered_headers, altered_body) is not None:
            raise Failure("bovine accepted a Create whose body was altered")

        return {
            "follower": actor_id,
            "accepted": accept.get("id"),
            "accept_signed_by": group_id,
            "created": create.get("id"),
            "create_signed_by": signer,
            "type": event.get("type"),
            "event": event.get("name"),
            "startTime": event.get("startTime"),
            "altered_create_refused": True,
        }
    finally:
        if runner is not None:
            await runner.cleanup()
        await session.close()


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        result = asyncio.run(asyncio.wait_for(run(*sys.argv[1:]), timeout=WHOLE_RUN_SECONDS))
    except Failure as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        sys.exit(1)
    except Exception as error:  # anything unexpected is a failure too, with its cause
        print(f"FAIL: {error!r}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
