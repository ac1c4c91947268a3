#!/usr/bin/env bash
# Runs a sweep as a Slurm job array on this machine, for real:
#   samples/cluster/local-slurm.sh SWEEP.yaml OUTDIR [SHARDS]
# - If `sinfo` answers, the running Slurm is used. Otherwise a single-node Slurm is started here
#   (slurmctld and slurmd on this host, munge for authentication), as root: the Debian packages
#   slurm-wlm and munge are installed with apt-get when missing. The daemons it started are
#   stopped when it exits, whatever happens.
# - Each array task i runs `cpmsim sweep SWEEP --shard i/SHARDS` (the built CLI dll, not `dotnet run`,
#   so tasks do not fight over obj/) into OUTDIR/shards/shard-i; the script waits for the array,
#   merges the shards into OUTDIR (runs.csv, points.csv, plots, manifest.json) and exits non-zero
#   if any shard failed or the merge finds runs missing.
# Environment: CPMSIM_DLL (the cpmsim.dll to run; default: the newest build under Simulator.Cli/bin,
# built in Release when there is none), CPMSIM_PARALLEL (runs at once per shard, default 1).
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 SWEEP.yaml OUTDIR [SHARDS]" >&2
  exit 2
fi

sweep=$(realpath "$1")
mkdir -p "$2"
out=$(realpath "$2")
shards=${3:-2}
[ -f "$sweep" ] || { echo "error: $1: sweep file not found." >&2; exit 2; }
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "error: SHARDS must be a whole number ≥ 1 (got '$shards')." >&2; exit 2; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
log() { echo "local-slurm: $*" >&2; }

# The CLI to run on the nodes.
dll=${CPMSIM_DLL:-}
if [ -z "$dll" ]; then
  dll=$(ls -t "$repo"/Simulator.Cli/bin/*/net*/cpmsim.dll 2>/dev/null | head -1 || true)
fi
if [ -z "$dll" ]; then
  log "building the CLI (Release)"
  dotnet build "$repo/Simulator.Cli/Simulator.Cli.csproj" -c Release -nologo -v q >&2
  dll=$(ls -t "$repo"/Simulator.Cli/bin/Release/net*/cpmsim.dll | head -1)
fi
dotnet_bin=$(command -v dotnet)

# --- Slurm: use the running one, or start one here -------------------------------------------------
state=""
started=()
stop_daemons() {
  # Only what this script started, by pid, newest first.
  for ((k = ${#started[@]} - 1; k >= 0; k--)); do
    pidfile=${started[k]}
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  [ -n "$state" ] && rm -rf "$state"
  return 0
}
trap stop_daemons EXIT

if timeout 10 sinfo >/dev/null 2>&1; then
  log "using the running Slurm ($(sinfo -h -o '%P %D node(s)' | head -1))"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: no Slurm answers (sinfo) and starting one needs root." >&2
    exit 3
  fi

  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    log "installing slurm-wlm and munge (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q slurm-wlm munge >&2 || { apt-get update -q >&2 && apt-get install -y -q slurm-wlm munge >&2; } \
      || { echo "error: cannot install slurm-wlm and munge with apt-get." >&2; exit 3; }
  fi

  state=$(mktemp -d /tmp/cpmsim-slurm.XXXXXX)
  chmod 755 "$state"
  host=$(hostname -s)
  cpus=$(nproc)

  # munge: the key the package made (or a new one), a daemon of our own on its own socket.
  if [ ! -s /etc/munge/munge.key ]; then
    (command -v mungekey >/dev/null && mungekey --create --force) || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 2>/dev/null
    chown munge:munge /etc/munge/munge.key && chmod 600 /etc/munge/munge.key
  fi
  mkdir -p "$state/munge"
  chown munge:munge "$state/munge"
  chmod 755 "$state/munge"
  socket="$state/munge/munge.socket"
  runuser -u munge -- /usr/sbin/munged --socket="$socket" --pid-file="$state/munge/munged.pid" \
    --log-file="$state/munge/munged.log" --seed-file="$state/munge/munged.seed"
  started+=("$state/munge/munged.pid")

  cat > "$state/slurm.conf" <<EOF
ClusterName=cpmsim-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mkdir -p "$state/ctld" "$state/d"
  export SLURM_CONF="$state/slurm.conf"
  log "starting slurmctld and slurmd ($cpus CPU(s), state in $state)"
  /usr/sbin/slurmctld -i
  started+=("$state/slurmctld.pid")
  /usr/sbin/slurmd
  started+=("$state/slurmd.pid")
  for _ in $(seq 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then break; fi
    sleep 0.5
  done
  sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)' \
    || { echo "error: the Slurm started here did not come up; see $state/slurmctld.log and $state/slurmd.log:" >&2; tail -5 "$state"/slurm*.log >&2; exit 3; }
fi

# --- The array: one shard per task --------------------------------------------------------------
mkdir -p "$out/shards"
rm -f "$out"/shards/shard-*.rc
job="$out/shards/job.sh"
cat > "$job" <<EOF
#!/usr/bin/env bash
i=\$SLURM_ARRAY_TASK_ID
"$dotnet_bin" "$dll" sweep "$sweep" --shard "auto/$shards" --parallel "${CPMSIM_PARALLEL:-1}" --no-plots --out "$out/shards/shard-\$i"
rc=\$?
echo \$rc > "$out/shards/shard-\$i.rc"
exit \$rc
EOF
chmod +x "$job"
log "submitting $shards shard(s) of $sweep"
start=$(date +%s.%N)
jobid=$(sbatch --parsable --job-name=cpmsim-sweep --array="0-$((shards - 1))" --ntasks=1 --cpus-per-task=1 \
  --chdir="$repo" --output="$out/shards/slurm-%A_%a.log" --export=ALL,DOTNET_CLI_TELEMETRY_OPTOUT=1 "$job")
echo "$jobid" > "$out/shards/job-id"
# Wait for the array: poll the queue each second (sbatch --wait polls far less often).
misses=0
while true; do
  if queued=$(squeue -h -j "$jobid" -o '%i' 2>/dev/null); then
    [ -z "$queued" ] && break
    misses=0
  elif [ $((misses += 1)) -gt 30 ]; then
    echo "error: squeue has not answered for 30 s; the array's state is unknown." >&2
    exit 1
  fi
  sleep 1
done
end=$(date +%s.%N)
log "array $jobid finished in $(awk "BEGIN{printf \"%.1f\", $end - $start}") s"

failed=0
for ((i = 0; i < shards; i++)); do
  rc=$(cat "$out/shards/shard-$i.rc" 2>/dev/null || echo missing)
  if [ "$rc" != 0 ]; then
    echo "error: shard $i failed (exit $rc); see $out/shards/slurm-*_$i.log" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  exit 1
fi

# --- Merge --------------------------------------------------------------------------------------
runs=$(sed -n 's/^sweep .* = \([0-9]*\) runs;.*/\1/p' "$out"/shards/slurm-*_0.log | head -1)
dirs=()
for ((i = 0; i < shards; i++)); do dirs+=("$out/shards/shard-$i"); done
"$dotnet_bin" "$dll" merge "${dirs[@]}" --out "$out" ${runs:+--expect-runs "$runs"}
log "merged $shards shard(s) into $out"
