namespace CpmSim.Core.Metrics;

/// <summary>
/// Closed forms of classic queues, the references simulations are checked against.
/// λ arrival rate, μ service rate per server, c servers, a = λ/μ offered load, ρ = a/c.
/// </summary>
public static class QueueingFormulas
{
    /// <summary>M/M/1 mean waiting time in queue: Wq = ρ / (μ − λ).</summary>
    public static double MM1Wait(double lambda, double mu)
    {
        CheckStable(lambda, mu, 1);
        return lambda / mu / (mu - lambda);
    }

    /// <summary>Erlang B blocking probability B(c, a), by the stable recursion B(k) = a·B(k−1) / (k + a·B(k−1)).</summary>
    public static double ErlangB(int c, double a)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        double b = 1;
        for (int k = 1; k <= c; k++)
        {
            b = a * b / (k + (a * b));
        }

        return b;
    }

    /// <summary>Erlang C probability of waiting C(c, a) = B / (1 − ρ(1 − B)).</summary>
    public static double ErlangC(int c, double a)
    {
        double rho = a / c;
        if (rho >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, $"Unstable: offered load {a} ≥ {c} servers.");
        }

        double b = ErlangB(c, a);
        return b / (1 - (rho * (1 - b)));
    }

    /// <summary>M/M/c mean waiting time in queue: Wq = C(c, a) / (cμ − λ).</summary>
    public static double MMcWait(int c, double lambda, double mu)
    {
        CheckStable(lambda, mu, c);
        return ErlangC(c, lambda / mu) / ((c * mu) - lambda);
    }

    /// <summary>Little's law: mean number waiting Lq = λ·Wq.</summary>
    public static double MeanQueueLength(double lambda, double wait) => lambda * wait;

    private static void CheckStable(double lambda, double mu, int c)
    {
        if (lambda <= 0 || mu <= 0 || lambda >= c * mu)
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"Needs 0 < λ < cμ (c = {c}, μ = {mu}).");
        }
    }
}
