using System.Globalization;
using MathNet.Numerics.Distributions;

namespace CpmSim.Core.Random;

/// <summary>
/// <c>normal(mean=μ, sd=σ)</c> truncated at zero: a normal variate conditioned on being ≥ 0, drawn by
/// inversion on [Φ(−μ/σ), 1). <see cref="Mean"/> and <see cref="Variance"/> are the truncated
/// distribution's: with α = −μ/σ and λ = φ(α)/(1 − Φ(α)), mean μ + σλ and variance σ²(1 + αλ − λ²).
/// </summary>
public sealed class TruncatedNormalDistribution : Distribution
{
    private readonly double _lowerU;

    public TruncatedNormalDistribution(double mean, double sd, string? text = null)
        : base(text ?? string.Create(CultureInfo.InvariantCulture, $"normal(mean={mean}, sd={sd})"))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sd);
        if (sd == 0 && mean < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "normal(mean, sd=0) truncated at zero needs mean ≥ 0.");
        }

        Mu = mean;
        Sigma = sd;
        if (sd == 0)
        {
            Mean = mean;
            Variance = 0;
            return;
        }

        double alpha = -mean / sd;
        _lowerU = Normal.CDF(0, 1, alpha);
        double z = 1 - _lowerU;
        double lambda = Normal.PDF(0, 1, alpha) / z;
        Mean = mean + (sd * lambda);
        Variance = sd * sd * (1 + (alpha * lambda) - (lambda * lambda));
    }

    /// <summary>The untruncated mean μ.</summary>
    public double Mu { get; }

    /// <summary>The untruncated standard deviation σ.</summary>
    public double Sigma { get; }

    public override double Mean { get; }

    public override double Variance { get; }

    public override double Sample(RandomStream random)
    {
        if (Sigma == 0)
        {
            return Mu;
        }

        double u = _lowerU + ((1 - _lowerU) * random.NextUnit());
        return Math.Max(0, Mu + (Sigma * Normal.InvCDF(0, 1, u)));
    }
}
