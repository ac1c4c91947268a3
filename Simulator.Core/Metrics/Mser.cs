namespace CpmSim.Core.Metrics;

/// <summary>What MSER found: how many leading observations to delete, and whether that hit the search limit.</summary>
/// <param name="Truncated">Leading observations to delete (a multiple of the batch size).</param>
/// <param name="AtLimit">True when the best cut lay at the limit of the search (half the series): the run is
/// probably too short to leave its transient, and the figures after the cut should not be trusted.</param>
/// <param name="Batches">Batches the series made.</param>
public readonly record struct MserResult(int Truncated, bool AtLimit, int Batches);

/// <summary>
/// Warm-up detection by the MSER-5 rule (White 1997; Franklin and White 2008): cut the output series
/// into batches of five and delete the d leading batches that minimise the squared standard error
/// of the mean of what remains, <c>Σ(Y_j − Ȳ_d)² / (k − d)²</c>, searching d up to half the series.
/// Deleting a transient lowers this statistic; deleting steady-state data raises it.
/// </summary>
public static class Mser
{
    public const int DefaultBatchSize = 5;

    /// <param name="observations">The output series in order (e.g. each session's delay, by start time).</param>
    /// <param name="batchSize">Observations per batch; 5 for MSER-5.</param>
    public static MserResult Truncation(IReadOnlyList<double> observations, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int k = observations.Count / batchSize;
        if (k < 4)
        {
            return new MserResult(0, false, k);
        }

        var batches = new double[k];
        for (int j = 0; j < k; j++)
        {
            double sum = 0;
            for (int i = j * batchSize; i < (j + 1) * batchSize; i++)
            {
                sum += observations[i];
            }

            batches[j] = sum / batchSize;
        }

        // Suffix statistics from the end, with Welford's update for a stable sum of squares.
        double mean = 0;
        double squares = 0;
        double best = double.PositiveInfinity;
        int bestD = 0;
        int limit = k / 2;
        for (int d = k - 1; d >= 0; d--)
        {
            int n = k - d;
            double delta = batches[d] - mean;
            mean += delta / n;
            squares += delta * (batches[d] - mean);
            if (d <= limit)
            {
                double statistic = squares / ((double)n * n);
                if (statistic <= best)
                {
                    best = statistic; // ties go to the smaller cut
                    bestD = d;
                }
            }
        }

        return new MserResult(bestD * batchSize, bestD == limit && limit > 0, k);
    }
}
