using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Scenarios.Files;

/// <summary>Distribution specs in scenario files (temporary: const and exp until the Core parser lands).</summary>
public static class DistributionText
{
    public static bool TryParse(string text, string? baseDirectory, out Distribution? distribution, out string? error)
    {
        _ = baseDirectory;
        distribution = null;
        error = null;
        string t = text.Trim();
        if (SimTime.TryParse(t, out SimTime plain, out _))
        {
            distribution = new ConstantDistribution(plain.Nanoseconds, $"const({plain})");
            return true;
        }

        if (t.StartsWith("const(", StringComparison.Ordinal) && t.EndsWith(')') && SimTime.TryParse(t[6..^1], out SimTime c, out error))
        {
            distribution = new ConstantDistribution(c.Nanoseconds, $"const({c})");
            return true;
        }

        if (t.StartsWith("exp(mean=", StringComparison.Ordinal) && t.EndsWith(')') && SimTime.TryParse(t[9..^1], out SimTime m, out error) && m > SimTime.Zero)
        {
            distribution = new ExponentialDistribution(m.Nanoseconds, $"exp(mean={m})");
            return true;
        }

        error ??= $"'{text}' is not a distribution: write e.g. const(2ms) or exp(mean=5ms).";
        return false;
    }
}
