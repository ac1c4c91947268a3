namespace CpmSim.Core.Random;

/// <summary><c>exp(mean=m)</c>: exponential with mean <c>m</c>.</summary>
public sealed class ExponentialDistribution : Distribution
{
    private readonly double _mean;

    public ExponentialDistribution(double mean, string? text = null)
        : base(text ?? $"exp(mean={mean.ToString(System.Globalization.CultureInfo.InvariantCulture)})")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mean);
        _mean = mean;
    }

    public override double Mean => _mean;

    public override double Variance => _mean * _mean;

    public override double Sample(RandomStream random) => random.NextExponential(_mean);
}
