namespace CpmSim.Core.Random;

/// <summary><c>const(x)</c>: always <c>x</c>.</summary>
public sealed class ConstantDistribution : Distribution
{
    private readonly double _value;

    public ConstantDistribution(double value, string? text = null)
        : base(text ?? $"const({value.ToString(System.Globalization.CultureInfo.InvariantCulture)})") => _value = value;

    public override double Mean => _value;

    public override double Variance => 0;

    public override double Sample(RandomStream random) => _value;
}
