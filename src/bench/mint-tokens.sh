#!/usr/bin/env bash
# Mints N learner JWTs (subs bench-learner-00001 …) signed with the development key of
# src/dev/token.sh (same header, claims and issuer) in one process: Debian's python3 with
# python3-cryptography (apt-get install -y python3-cryptography), about 1 ms per token.
# Prints one token per line, in learner order.
#
#   src/bench/mint-tokens.sh N [TTL_SECONDS] > tokens.txt
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:?count}; ttl=${2:-7200}
"$root/src/dev/token.sh" --public-key > /dev/null   # creates the dev key pair if missing
/usr/bin/python3 - "$root/target/dev-keys/private.pem" "$("$root/src/dev/token.sh" --issuer)" "$n" "$ttl" <<'PY'
import base64, json, sys, time
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
key_file, iss, n, ttl = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
key = serialization.load_pem_private_key(open(key_file, "rb").read(), password=None)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
header = b64(b'{"alg":"RS256","typ":"JWT"}')
now = int(time.time())
out = []
for i in range(1, n + 1):
    sub = "bench-learner-%05d" % i
    payload = b64(json.dumps({"iss": iss, "sub": sub, "upn": sub, "groups": ["learner"], "iat": now,
                              "exp": now + ttl, "jti": "bench-%d-%d" % (now, i)}, separators=(",", ":")).encode())
    signing_input = (header + "." + payload).encode()
    out.append(header + "." + payload + "." + b64(key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())))
sys.stdout.write("\n".join(out) + "\n")
PY
