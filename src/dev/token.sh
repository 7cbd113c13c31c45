#!/usr/bin/env bash
# Mints a development JWT signed with the development key pair (created on first use under
# target/dev-keys/, never committed). The running demo server trusts exactly this key and issuer.
#
#   src/dev/token.sh                          learner "learner-1", group learner, valid 1 hour
#   src/dev/token.sh -s alice -g instructor   another subject and group(s) (comma-separated)
#   src/dev/token.sh -t 60                    lifetime in seconds
#   src/dev/token.sh --public-key             print the public key (base64 DER) instead
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
keys="$root/target/dev-keys"
issuer="${DEV_TOKEN_ISSUER:-https://lms.example.test}"
sub=learner-1 groups=learner ttl=3600

ensure_keys() {
  mkdir -p "$keys"
  if [ ! -f "$keys/private.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/private.pem" 2>/dev/null
    openssl pkey -in "$keys/private.pem" -pubout -outform DER | base64 -w0 > "$keys/public.b64"
  fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

while [ $# -gt 0 ]; do
  case "$1" in
    -s|--sub) sub=$2; shift 2 ;;
    -g|--groups) groups=$2; shift 2 ;;
    -t|--ttl) ttl=$2; shift 2 ;;
    --public-key) ensure_keys; cat "$keys/public.b64"; echo; exit 0 ;;
    --issuer) echo "$issuer"; exit 0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

ensure_keys
now=$(date +%s)
groups_json=$(printf '%s' "$groups" | jq -Rc 'split(",") | map(select(length > 0))')
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(jq -nc --arg iss "$issuer" --arg sub "$sub" --argjson groups "$groups_json" \
  --argjson iat "$now" --argjson exp "$((now + ttl))" --arg jti "$(openssl rand -hex 12)" \
  '{iss: $iss, sub: $sub, upn: $sub, groups: $groups, iat: $iat, exp: $exp, jti: $jti}' | tr -d '\n' | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$keys/private.pem" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
