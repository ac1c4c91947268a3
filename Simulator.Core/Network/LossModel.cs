using System.Globalization;
using CpmSim.Core.Random;

namespace CpmSim.Core.Network;

/// <summary>
/// A loss process a fault lays over a link: independent losses with a fixed probability
/// (<see cref="Bernoulli"/>) or bursts (<see cref="GilbertElliott"/>). Each link direction gets its own
/// copy (<see cref="Fresh"/>) and its own random stream, so a fault never shifts the link's own draws.
/// </summary>
public abstract class LossModel
{
    /// <summary>Independent losses with probability <paramref name="p"/> in [0, 1].</summary>
    public static LossModel Bernoulli(double p) => new BernoulliLoss(Check(p, "p"));

    /// <summary>
    /// The Gilbert–Elliott two-state channel: from the good state the channel turns bad with
    /// probability <paramref name="p"/> per message, from the bad state it recovers with probability
    /// <paramref name="r"/>; a message is lost with <paramref name="badLoss"/> in the bad state and
    /// <paramref name="goodLoss"/> in the good one. The stationary loss rate is
    /// (p·badLoss + r·goodLoss)/(p + r) and a bad spell lasts 1/r messages on average.
    /// </summary>
    public static LossModel GilbertElliott(double p, double r, double badLoss, double goodLoss = 0) =>
        new GilbertElliottLoss(Check(p, "p"), Check(r, "r"), Check(badLoss, "bad-loss"), Check(goodLoss, "good-loss"));

    /// <summary>The long-run share of messages lost.</summary>
    public abstract double MeanLoss { get; }

    /// <summary>A copy in its initial state (one per link direction).</summary>
    public abstract LossModel Fresh();

    /// <summary>Whether the next message is lost (advances the state).</summary>
    public abstract bool Lose(RandomStream random);

    private static double Check(double x, string name) =>
        x is >= 0 and <= 1 ? x : throw new ArgumentOutOfRangeException(name, x, $"{name} must lie in [0, 1].");

    private sealed class BernoulliLoss(double p) : LossModel
    {
        public override double MeanLoss => p;

        public override LossModel Fresh() => this; // stateless

        public override bool Lose(RandomStream random) => p > 0 && random.NextBernoulli(p);

        public override string ToString() => p.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class GilbertElliottLoss(double p, double r, double badLoss, double goodLoss) : LossModel
    {
        private bool _bad;

        public override double MeanLoss => p + r == 0 ? goodLoss : ((p * badLoss) + (r * goodLoss)) / (p + r);

        public override LossModel Fresh() => new GilbertElliottLoss(p, r, badLoss, goodLoss);

        public override bool Lose(RandomStream random)
        {
            _bad = _bad ? !random.NextBernoulli(r) : random.NextBernoulli(p);
            double loss = _bad ? badLoss : goodLoss;
            return loss > 0 && random.NextBernoulli(loss);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"gilbert(p={p}, r={r}, bad-loss={badLoss})");
    }
}
