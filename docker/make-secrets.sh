#!/bin/sh
# Makes the two Docker secrets compose.yml expects, once: a database password and the encryption
# key of plugin secrets. Keep docker/secrets/ out of version control and back up the key.
set -eu
dir="$(dirname "$0")/secrets"
mkdir -p "$dir"
umask 077
[ -s "$dir/db_password" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/db_password"
[ -s "$dir/encryption_key" ] || head -c 32 /dev/urandom | base64 > "$dir/encryption_key"
# The containers run as uid 1000 (node) and 70/999 (postgres): let them read the files.
chmod 644 "$dir/db_password" "$dir/encryption_key"
echo "Secrets are in $dir (db_password, encryption_key). Keep a copy of encryption_key somewhere safe."
