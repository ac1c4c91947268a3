using System.Globalization;
using MathNet.Numerics.Distributions;

namespace CpmSim.Core.Random;

/// <summary><c>gamma(shape=k, mean=m)</c>: gamma with shape k and scale m/k.</summary>
public sealed class GammaDistribution : Distribution
{
    public GammaDistribution(double shape, double mean, string? text = null)
        : base(text ?? string.Create(CultureInfo.InvariantCulture, $"gamma(shape={shape}, mean={mean})"))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mean);
        Shape = shape;
        Mean = mean;
    }

    public double Shape { get; }

    public override double Mean { get; }

    public override double Variance => Mean * Mean / Shape;

    // MathNet's Gamma takes shape and rate (= 1/scale).
    public override double Sample(RandomStream random) => Gamma.Sample(random, Shape, Shape / Mean);
}
