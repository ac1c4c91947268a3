#!/usr/bin/env bash
# Run scenarios/sweep-demo.yaml as a Slurm job array on an existing cluster: one shard per array task,
# then a merge job. Build the CLI once first (tasks run the dll; `dotnet run` in parallel fights over obj/):
#   dotnet build Simulator.Cli -c Release
#   sbatch --array=0-3 samples/cluster/slurm-sweep.sh              (4 shards)
#   sbatch --dependency=afterok:<array job id> --wrap \
#     "dotnet Simulator.Cli/bin/Release/net10.0/cpmsim.dll merge out/shard-0 out/shard-1 out/shard-2 out/shard-3 --out out/merged --expect-runs 24"
# On a single machine, samples/cluster/local-slurm.sh starts a Slurm, runs the array and merges (tested in CI).
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
dotnet Simulator.Cli/bin/Release/net10.0/cpmsim.dll \
  sweep scenarios/sweep-demo.yaml --shard "auto/${SHARDS}" --parallel "${SLURM_CPUS_PER_TASK:-2}" \
  --out "out/shard-${SLURM_ARRAY_TASK_ID}"
