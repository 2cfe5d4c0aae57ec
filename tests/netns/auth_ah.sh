#!/bin/bash
# AH authentication (keepalived's IPsec-AH, HMAC-MD5-96): the AH part of
# auth.sh -- a floatd pair elects and fails over, and keepalived interop in
# both directions.
AUTH_PART=ah
. "$(dirname "$0")/auth.sh"
