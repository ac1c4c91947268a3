using System.Globalization;
using MathNet.Numerics.Distributions;

namespace CpmSim.Core.Random;

/// <summary><c>lognormal(mean=m, cv=c)</c>: log-normal with mean m and coefficient of variation c.</summary>
public sealed class LogNormalDistribution : Distribution
{
    private readonly double _mu;
    private readonly double _sigma;

    public LogNormalDistribution(double mean, double cv, string? text = null)
        : base(text ?? string.Create(CultureInfo.InvariantCulture, $"lognormal(mean={mean}, cv={cv})"))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mean);
        ArgumentOutOfRangeException.ThrowIfNegative(cv);
        Mean = mean;
        Cv = cv;
        double s2 = Math.Log(1 + (cv * cv));
        _sigma = Math.Sqrt(s2);
        _mu = Math.Log(mean) - (s2 / 2);
    }

    public override double Mean { get; }

    public double Cv { get; }

    public override double Variance => Cv * Mean * Cv * Mean;

    public override double Sample(RandomStream random) => _sigma == 0 ? Mean : LogNormal.Sample(random, _mu, _sigma);
}
