#!/usr/bin/env bash
# Runs the whole clinic platform on this machine: PostgreSQL, Kafka, SMTP and the provider stub (embedded,
# no Docker), then booking-, content- and notification-service from their packaged jars.
# Builds whatever is missing or older than its sources first (without tests). Ctrl-C stops everything.
#   ./run-local.sh           data kept in .local-data/ across runs
#   ./run-local.sh --fresh   wipes .local-data/ first
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "run-local.sh needs a JDK 17 or newer on the PATH (java not found)." >&2
  exit 1
fi

# A module needs a build when its packaged app is missing or any of its sources (or the parent pom) is newer.
stale() {
  local module=$1 artifact=$2
  [[ -f $artifact ]] || return 0
  [[ -n $(find "$module/src" "$module/pom.xml" pom.xml -newer "$artifact" -print -quit 2>/dev/null) ]]
}
needs_build=false
for module in booking-service content-service notification-service; do
  stale "$module" "$module/target/quarkus-app/quarkus-run.jar" && needs_build=true
done
stale deploy/embedded-infra deploy/all-in-one/target/all-in-one.jar && needs_build=true
stale deploy/all-in-one deploy/all-in-one/target/all-in-one.jar && needs_build=true

if $needs_build; then
  echo "Building the services (tests skipped; ./mvnw verify runs them) ..."
  ./mvnw -B -q package -DskipTests -Dquarkus.log.level=WARN
fi

# exec: Ctrl-C reaches the launcher directly, whose shutdown hook stops the services and servers.
exec java -jar deploy/all-in-one/target/all-in-one.jar "$@"
