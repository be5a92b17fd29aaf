#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft) for machines without Docker.
#   kafka.sh start    resolve the broker from Maven Central (once), format storage (once), start,
#                     and wait until it accepts connections; reuses a broker already listening
#   kafka.sh stop     stop the broker this script started
#   kafka.sh status   exit 0 when a broker answers on the port
#   kafka.sh logs     follow the broker's log
# Settings: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HOST (127.0.0.1),
# KAFKA_HOME_DIR (where jars and data live; default: this folder), KAFKA_HEAP (512m).
# When KAFKA_BROKERS names an external cluster, the platform never calls this script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${KAFKA_HOME_DIR:-$here}"
host="${KAFKA_HOST:-127.0.0.1}"
port="${KAFKA_PORT:-9092}"
ctl_port="${KAFKA_CONTROLLER_PORT:-9093}"
libs="$home/.cache/libs"
data="$home/.data/kafka-$port"
pidfile="$data/kafka.pid"

listening() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

resolve_jars() {
  if [[ -f "$libs/.complete" ]]; then return; fi
  echo "kafka: resolving the broker from Maven Central (first run only)…" >&2
  mkdir -p "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs" >&2
  touch "$libs/.complete"
}

java_cmd() {
  java_args=(java -Xms128m "-Xmx${KAFKA_HEAP:-512m}" -XX:+UseG1GC -Djava.awt.headless=true
    "-Dkafka.logs.dir=$data/logs" "-Dlog4j.configuration=file:$here/log4j.properties"
    -cp "$libs/*")
}

format_storage() {
  mkdir -p "$data/logs"
  sed -e "s|@@HOST@@|$host|g" -e "s|@@PORT@@|$port|g" \
      -e "s|@@CONTROLLER_PORT@@|$ctl_port|g" -e "s|@@DATA_DIR@@|$data|g" \
      "$here/server.properties.template" > "$data/server.properties"
  if [[ ! -f "$data/kraft-logs/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('base64url'))")"
    java_cmd
    "${java_args[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$data/server.properties" --ignore-formatted > "$data/logs/format.log" 2>&1
  fi
}

start() {
  if listening; then echo "kafka: reusing the broker on $host:$port" >&2; return 0; fi
  mkdir -p "$home/.data"
  exec 9>"$home/.data/kafka-$port.lock"
  flock 9
  if listening; then echo "kafka: reusing the broker on $host:$port" >&2; return 0; fi
  resolve_jars
  format_storage
  echo "kafka: starting a KRaft broker on $host:$port (log: $data/logs/server.log)" >&2
  # setsid: the broker outlives the shell that started it, like a service.
  java_cmd
  setsid "${java_args[@]}" kafka.Kafka "$data/server.properties" > "$data/logs/stdout.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until listening; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "kafka: the broker exited during start; last lines of its log:" >&2
      tail -n 30 "$data/logs/server.log" "$data/logs/stdout.log" >&2 || true
      return 1
    fi
    if (( SECONDS > deadline )); then echo "kafka: no answer on $host:$port in time" >&2; return 1; fi
    sleep 0.5
  done
  echo "kafka: ready on $host:$port" >&2
}

stop() {
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$pidfile"
    echo "kafka: stopped" >&2
  else
    echo "kafka: no broker started from $home is running" >&2
  fi
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) if listening; then echo "kafka: up on $host:$port"; else echo "kafka: down"; exit 1; fi ;;
  logs) tail -F "$data/logs/server.log" ;;
  *) echo "usage: kafka.sh start|stop|status|logs" >&2; exit 2 ;;
esac
