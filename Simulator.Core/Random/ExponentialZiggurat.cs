namespace CpmSim.Core.Random;

/// <summary>
/// Tables of the ziggurat method for the standard exponential distribution (Marsaglia and Tsang,
/// "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000): 256 layers of
/// equal area <see cref="V"/> under e^-x, the base layer reaching to <see cref="R"/> and carrying the
/// tail. Layer i spans x in [0, X[i]) between heights F[i] = e^-X[i] and F[i+1]; the part
/// x &lt; X[i+1] lies wholly under the curve, so about 98.9% of draws take one random word, one table
/// look-up and one multiplication, with no logarithm.
/// </summary>
internal static class ExponentialZiggurat
{
    /// <summary>Where the base layer's rectangle ends and the tail begins.</summary>
    public const double R = 7.69711747013104972;

    /// <summary>The area of every layer.</summary>
    public const double V = 3.949659822581572e-3;

    /// <summary>Layer widths, decreasing: X[0] = V / e^-R (the base layer's virtual width), X[1] = R, …, X[256] = 0.</summary>
    public static readonly double[] X = BuildX(out LastWidthResidual);

    /// <summary>F[i] = e^-X[i].</summary>
    public static readonly double[] F = Array.ConvertAll(X, x => Math.Exp(-x));

    /// <summary>What the recurrence gave for X[256] before it was set to 0: a check on the constants (should be ~0).</summary>
    public static readonly double LastWidthResidual;

    private static double[] BuildX(out double residual)
    {
        var x = new double[257];
        x[0] = V / Math.Exp(-R);
        x[1] = R;
        for (int i = 1; i < 256; i++)
        {
            // Equal areas: X[i] · (e^-X[i+1] − e^-X[i]) = V.
            x[i + 1] = -Math.Log((V / x[i]) + Math.Exp(-x[i]));
        }

        residual = x[256];
        x[256] = 0;
        return x;
    }
}
