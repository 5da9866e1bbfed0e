# Sourced by the node benches: a private RabbitMQ (Debian's rabbitmq-server; own node name, ports, data directory
# under $WORK, stopped with everything in PIDS when the script exits). Sets WORK, PIDS, AMQP, PORT, rabbit_env, ctl.
WORK="$(mktemp -d -t vmsnap-nodebench.XXXXXX)"
PIDS=()
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
AMQP=$(free_port); DIST=$(free_port); EPMD=$(free_port); PORT=$(free_port)
RNODE="vmsnapbench$AMQP@localhost"
rabbit_env() {
    env HOME="$WORK/rabbit" RABBITMQ_NODENAME="$RNODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$AMQP" \
        RABBITMQ_DIST_PORT="$DIST" ERL_EPMD_PORT="$EPMD" RABBITMQ_MNESIA_BASE="$WORK/rabbit/mnesia" \
        RABBITMQ_LOG_BASE="$WORK/rabbit/log" RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/rabbit/enabled_plugins" \
        RABBITMQ_CONFIG_FILE="$WORK/rabbit/rabbitmq" \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="${RABBIT_ERL_ARGS:-}" "$@"
}
ctl() { rabbit_env /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RNODE" "$@" >/dev/null; }
cleanup() {
    local rc=$?
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    ctl stop 2>/dev/null || true
    epmd -port "$EPMD" -kill >/dev/null 2>&1 || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
mkdir -p "$WORK/rabbit"
echo "[]." >"$WORK/rabbit/enabled_plugins"
printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\nlog.console = false\n' "$AMQP" >"$WORK/rabbit/rabbitmq.conf"
rabbit_env /usr/lib/rabbitmq/bin/rabbitmq-server >"$WORK/rabbit.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do ctl await_startup --timeout 5 2>/dev/null && break; sleep 0.5; done
