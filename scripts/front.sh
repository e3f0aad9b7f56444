#!/usr/bin/env bash
# The dashboard as it runs in production, on this machine: N app processes (serve.py, as scripts/start.sh
# runs one) on consecutive loopback ports, and nginx on 127.0.0.1:PORT in front of them with the SAME
# locations file as the production site (deploy/nginx/posyandu-locations.conf: compression, the static cache,
# sticky sessions, the WebSocket, the health endpoint), over plain HTTP: the production server block less
# TLS. Ctrl-C (or SIGTERM) stops everything. README "Production front"; docs/scaling.md.
#
# Usage: bash scripts/front.sh [--processes N] [--port PORT] [--app-port FIRST] [--no-prepare] [--no-front]
#                              [-- STREAMLIT OPTIONS...]
#   --processes N   app processes (default: $POSYANDU_PROCESSES, else the number of cores)
#   --port PORT     where nginx listens on 127.0.0.1 (default: $PORT, else 8080)
#   --app-port P    the first process's port; the others follow (default 8501)
#   --no-prepare    skip scripts/prepare.sh (setup, sample, summaries, store: for a harness that did it)
#   --no-front      the app processes only, for a system nginx that uses deploy/nginx/posyandu.conf
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

processes=${POSYANDU_PROCESSES:-$(nproc)}
port=${PORT:-8080}
app_port=8501
prepare=1
front=1
while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --app-port) app_port=$2; shift 2 ;;
    --no-prepare) prepare=0; shift ;;
    --no-front) front=0; shift ;;
    --) shift; break ;;
    *) echo "front.sh: unknown option $1 (see the comment at the top of scripts/front.sh)" >&2; exit 2 ;;
  esac
done
if ! [[ "$processes" =~ ^[1-9][0-9]*$ && "$port" =~ ^[0-9]+$ && "$app_port" =~ ^[0-9]+$ ]]; then
  echo "front.sh: --processes, --port and --app-port take positive numbers" >&2
  exit 2
fi
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
if [ "$front" = 1 ] && [ ! -x "$NGINX" ]; then
  echo "front.sh: nginx is not installed (apt-get install nginx libnginx-mod-http-brotli-filter)" >&2
  exit 2
fi

if [ "$prepare" = 1 ]; then
  source scripts/prepare.sh
fi

# The app trusts the proxy's X-Forwarded-For (each visitor's own address for the sign-in throttle).
export POSYANDU_TRUSTED_PROXIES=${POSYANDU_TRUSTED_PROXIES:-127.0.0.1}
# One signing secret for every process (Streamlit's XSRF cookie), so a cookie one process set is valid on
# all: a browser whose process was restarted or left the upstream goes on elsewhere without a stale cookie.
# Generated per start and never printed, unless the deployment sets its own.
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  STREAMLIT_SERVER_COOKIE_SECRET=$(.venv/bin/python -c "import secrets; print(secrets.token_hex(32))")
  export STREAMLIT_SERVER_COOKIE_SECRET
fi

run=$(mktemp -d "${TMPDIR:-/tmp}/posyandu-front.XXXXXX")
chmod 755 "$run"
pids=()
warmer=""
stop() {
  trap - INT TERM EXIT
  [ -z "$warmer" ] || kill -TERM "$warmer" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$run"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

servers=""
for ((i = 0; i < processes; i++)); do
  p=$((app_port + i))
  .venv/bin/streamlit run serve.py --server.headless true --server.address 127.0.0.1 --server.port "$p" "$@" \
    > "$run/app-$p.log" 2>&1 &
  pids+=($!)
  servers+="    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'
done
echo "== $processes app process(es) on 127.0.0.1:$app_port..$((app_port + processes - 1)) (logs in $run)"
for ((i = 0; i < processes; i++)); do
  p=$((app_port + i))
  for _ in $(seq 1 240); do
    if .venv/bin/python -c "import urllib.request as u, sys; u.urlopen('http://127.0.0.1:$p/_stcore/health', timeout=2)" \
      2>/dev/null; then
      break
    fi
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "!! the app process on port $p exited:" >&2
      tail -20 "$run/app-$p.log" >&2
      exit 1
    fi
    sleep 0.5
  done
done

# Each process has its own Streamlit caches: open the views visitors open first on every one of them, in the
# background (docs/performance.md, "Prepared views"); with the preparation, and unless POSYANDU_PREPARE_VIEWS=0.
if [ "$prepare" = 1 ] && [ "${POSYANDU_PREPARE_VIEWS:-1}" != "0" ]; then
  urls=()
  for ((i = 0; i < processes; i++)); do urls+=(--url "http://127.0.0.1:$((app_port + i))"); done
  .venv/bin/python -m scripts.prepare_views "${urls[@]}" --meeting --no-settle > "$run/prepare-views.log" 2>&1 &
  warmer=$!
fi

if [ "$front" = 1 ]; then
  user=""
  if [ "$(id -u)" = 0 ]; then
    # nginx's workers drop root for nobody: they need to write their temp files and the static cache here.
    user="user nobody nogroup;"
  fi
  brotli_module="" brotli_include=""
  if [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; then
    brotli_module="load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;"
    brotli_include="include $ROOT/deploy/nginx/posyandu-brotli.conf;"
  fi
  mkdir -p "$run/cache" "$run/temp"
  [ -z "$user" ] || chown -R nobody:nogroup "$run/cache" "$run/temp"
  cat > "$run/nginx.conf" <<CONF
$brotli_module
$user
pid $run/nginx.pid;
error_log $run/error.log;
worker_processes auto;
events { worker_connections 1024; }
http {
    # Which process served what (upstream) for which browser (its routing key), and whether the static
    # cache answered: what tests/browser/test_front_browser.py reads to see the sessions stick.
    log_format front '\$remote_addr [\$time_local] "\$request" \$status \$bytes_sent '
                     'upstream=\$upstream_addr node=\$posyandu_node cache=\$upstream_cache_status';
    access_log $run/access.log front;
    client_body_temp_path $run/temp/client_body;
    proxy_temp_path $run/temp/proxy;
    fastcgi_temp_path $run/temp/fastcgi;
    uwsgi_temp_path $run/temp/uwsgi;
    scgi_temp_path $run/temp/scgi;
    include $ROOT/deploy/nginx/posyandu-http.conf;
    proxy_cache_path $run/cache levels=1:2 keys_zone=posyandu_static:10m max_size=200m inactive=30d use_temp_path=off;
    upstream posyandu_dashboard {
        hash \$posyandu_node consistent;
$servers    }
    upstream posyandu_static {
        server unix:$run/static.sock;
    }
    server {
        listen unix:$run/static.sock;
        include $ROOT/deploy/nginx/posyandu-compression.conf;
        $brotli_include
        include $ROOT/deploy/nginx/posyandu-static.conf;
    }
    server {
        listen 127.0.0.1:$port;
        include $ROOT/deploy/nginx/posyandu-compression.conf;
        $brotli_include
        include $ROOT/deploy/nginx/posyandu-locations.conf;
    }
}
CONF
  if ! "$NGINX" -t -q -p "$run" -c "$run/nginx.conf" > "$run/nginx.out" 2>&1; then
    echo "!! the generated nginx configuration does not load:" >&2
    cat "$run/nginx.out" >&2
    exit 1
  fi
  "$NGINX" -p "$run" -c "$run/nginx.conf" -g "daemon off;" > "$run/nginx.out" 2>&1 &
  pids+=($!)
  sleep 0.3
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then
    echo "!! nginx did not start:" >&2
    cat "$run/nginx.out" "$run/error.log" >&2 2>/dev/null || true
    exit 1
  fi
  echo "== the dashboard: http://127.0.0.1:$port (nginx in front of $processes process(es); Ctrl-C stops all)"
else
  echo "== $processes app process(es) ready for the system's nginx (Ctrl-C stops all)"
fi
# Until one of them exits (then everything stops: a supervisor such as systemd restarts the whole front).
wait -n "${pids[@]}" || true
echo "!! a process of the front exited; stopping the others" >&2
exit 1
