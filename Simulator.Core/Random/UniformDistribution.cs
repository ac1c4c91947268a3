using System.Globalization;

namespace CpmSim.Core.Random;

/// <summary><c>uniform(a, b)</c>: uniform on [a, b).</summary>
public sealed class UniformDistribution : Distribution
{
    public UniformDistribution(double low, double high, string? text = null)
        : base(text ?? string.Create(CultureInfo.InvariantCulture, $"uniform({low}, {high})"))
    {
        if (!(low <= high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"uniform(a, b) needs a ≤ b (a = {low}).");
        }

        Low = low;
        High = high;
    }

    public double Low { get; }

    public double High { get; }

    public override double Mean => (Low + High) / 2;

    public override double Variance => (High - Low) * (High - Low) / 12;

    public override double Sample(RandomStream random) => Low + ((High - Low) * random.NextUnit());
}
