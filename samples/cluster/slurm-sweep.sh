#!/usr/bin/env bash
# Run scenarios/sweep-demo.yaml as a Slurm job array: one shard per array task, then a merge job.
#   sbatch --array=0-3 samples/cluster/slurm-sweep.sh              (4 shards)
#   sbatch --dependency=afterok:<array job id> --wrap \
#     "dotnet run --project Simulator.Cli -c Release -- merge out/shard-0 out/shard-1 out/shard-2 out/shard-3 --out out/merged --expect-runs 24"
# Each shard runs the runs whose id mod N equals its index: the merged result is byte for byte
# what one process writes (cpmsim sweep without --shard).
#SBATCH --job-name=cpmsim-sweep
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=00:30:00
#SBATCH --output=out/slurm-%A_%a.log
set -euo pipefail
SHARDS=${SLURM_ARRAY_TASK_COUNT:-4}
mkdir -p out
dotnet run --project Simulator.Cli -c Release -- \
  sweep scenarios/sweep-demo.yaml --shard "auto/${SHARDS}" --parallel "${SLURM_CPUS_PER_TASK:-2}" \
  --out "out/shard-${SLURM_ARRAY_TASK_ID}"
