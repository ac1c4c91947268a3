namespace CpmSim.Core.Random;

/// <summary><c>empirical(file.csv)</c>: draws uniformly among the observed values (bootstrap); mean and variance are the data's.</summary>
public sealed class EmpiricalDistribution : Distribution
{
    private readonly double[] _values;

    public EmpiricalDistribution(IReadOnlyList<double> values, string text)
        : base(text)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("An empirical distribution needs at least one value.", nameof(values));
        }

        _values = [.. values];
        Mean = _values.Average();
        Variance = _values.Sum(v => (v - Mean) * (v - Mean)) / _values.Length;
    }

    public IReadOnlyList<double> Values => _values;

    public override double Mean { get; }

    public override double Variance { get; }

    public override double Sample(RandomStream random) => _values[random.NextIndex(_values.Length)];
}
