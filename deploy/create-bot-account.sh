#!/bin/sh
# One-time setup for docker-compose.yml: signs in as the admin Rocket.Chat created from ADMIN_*, creates the bot
# account (role bot) with the password in /run/secrets/infobot_password, and the private room BOT_ROOM with the admin
# and the bot. Safe to run again: an account or room that exists is left as it is. REST endpoints: login,
# users.create, groups.create (Rocket.Chat's apps/meteor/app/api/server/v1/users.ts, groups.ts). The admin's password
# is sent as the second factor Rocket.Chat asks of an account without one (x-2fa-method: password, its SHA-256).
set -eu
secret=/run/secrets/infobot_password
[ -s "$secret" ] || { echo "create-bot-account: $secret is empty: create deploy/secrets/infobot-password" >&2; exit 1; }
bot_password=$(cat "$secret")

echo "waiting for Rocket.Chat at $RC_URL"
i=0
until curl -fsS "$RC_URL/api/info" >/dev/null 2>&1; do
  i=$((i + 1))
  [ "$i" -le 120 ] || { echo "create-bot-account: Rocket.Chat did not answer within 10 minutes" >&2; exit 1; }
  sleep 5
done

json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

login=$(curl -sS -H 'Content-Type: application/json' \
  -d "{\"user\":\"$(json_escape "$ADMIN_USERNAME")\",\"password\":\"$(json_escape "$ADMIN_PASS")\"}" "$RC_URL/api/v1/login")
token=$(printf '%s' "$login" | field authToken)
uid=$(printf '%s' "$login" | field userId)
[ -n "$token" ] && [ -n "$uid" ] || { echo "create-bot-account: the admin could not sign in: check ADMIN_USERNAME and ADMIN_PASS" >&2; exit 1; }
fallback=$(printf '%s' "$ADMIN_PASS" | sha256sum | cut -d' ' -f1)

post() {
  curl -sS -H 'Content-Type: application/json' -H "X-User-Id: $uid" -H "X-Auth-Token: $token" \
    -H 'x-2fa-method: password' -H "x-2fa-code: $fallback" -d "$2" "$RC_URL/api/v1/$1"
}

created=$(post users.create "{\"username\":\"$BOT_USERNAME\",\"name\":\"Info bot\",\"email\":\"$BOT_USERNAME@bots.invalid\",\"password\":\"$(json_escape "$bot_password")\",\"roles\":[\"bot\"],\"verified\":true,\"joinDefaultChannels\":false,\"requirePasswordChange\":false,\"sendWelcomeEmail\":false}")
case "$created" in
  *'"success":true'*) echo "bot account $BOT_USERNAME created" ;;
  *'already in use'*) echo "bot account $BOT_USERNAME exists; left as it is" ;;
  *) echo "create-bot-account: users.create failed: $created" >&2; exit 1 ;;
esac

room=$(post groups.create "{\"name\":\"$BOT_ROOM\",\"members\":[\"$(json_escape "$ADMIN_USERNAME")\",\"$BOT_USERNAME\"]}")
case "$room" in
  *'"success":true'*) echo "room $BOT_ROOM created" ;;
  *'duplicate'* | *'already in use'* | *'already exists'*) echo "room $BOT_ROOM exists; left as it is" ;;
  *) echo "create-bot-account: groups.create failed: $room" >&2; exit 1 ;;
esac
