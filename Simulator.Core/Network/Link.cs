using CpmSim.Core.Kernel;
using CpmSim.Core.Random;

namespace CpmSim.Core.Network;

/// <summary>
/// A directed link between two nodes: latency distribution, loss probability, optional bandwidth
/// (a message waits for the previous one to be serialised, then takes size·8/bandwidth) and an
/// up/down state, and the faults laid over it for a while (down, extra delay, extra loss). Times that would pass the end of the clock saturate at <see cref="SimTime.MaxValue"/>. A link that is down loses every message handed to it; a message lost at random
/// (probability <see cref="LinkOptions.LossProbability"/>) was still serialised: it occupied the link.
/// </summary>
public sealed class Link
{
    private readonly RandomStream _random;
    private readonly long _constantLatencyNs; // -1: drawn from the distribution
    private readonly double _loss;
    private readonly bool _hasBandwidth;
    private readonly bool _reliable;
    private long _busyUntil;
    private readonly RandomStreams? _streams;

    // Faults laid over the link (see SimNetwork's fault methods): counts, so overlapping faults nest.
    private int _downFaults;
    private long _extraDelayNs;
    private List<LossModel>? _faultLoss;
    private RandomStream? _faultRandom;

    /// <summary>What <see cref="Carry"/> returns for a message handed to a link that is down.</summary>
    internal const long DownArrival = -2;

    internal Link(NodeId from, NodeId to, string name, LinkOptions options, RandomStream random, RandomStreams? streams = null)
    {
        _streams = streams;
        if (options.LossProbability is < 0 or >= 1 || double.IsNaN(options.LossProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LossProbability, $"Link {name}: loss probability must lie in [0, 1).");
        }

        if (options.BandwidthBitsPerSecond is double bandwidth && !(bandwidth > 0 && double.IsFinite(bandwidth)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BandwidthBitsPerSecond, $"Link {name}: bandwidth must be positive.");
        }

        From = from;
        To = to;
        Name = name;
        Options = options;
        Up = options.Up;
        _random = random;
        _loss = options.LossProbability;
        _hasBandwidth = options.BandwidthBitsPerSecond is not null;
        _reliable = options.Reliable;
        if (_reliable && !(options.RetransmissionTimeout > SimTime.Zero && options.MaxRetransmissionTimeout >= options.RetransmissionTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RetransmissionTimeout, $"Link {name}: a reliable link needs a positive retransmission time-out no larger than its maximum.");
        }
        _constantLatencyNs = options.Latency switch
        {
            null => 0,
            ConstantDistribution c => c.SampleTime(random).Nanoseconds, // draws nothing
            _ => -1,
        };
    }

    public NodeId From { get; }

    public NodeId To { get; }

    /// <summary><c>a->b</c>.</summary>
    public string Name { get; }

    public LinkOptions Options { get; }

    public bool Up { get; set; }

    /// <summary>Up, and no fault holds it down.</summary>
    public bool IsUp => Up && _downFaults == 0;

    /// <summary>True for a reliable transport (TCP): loss shows as delay, and a link that is down reports a transport error to the sender.</summary>
    public bool Reliable => _reliable;

    /// <summary>Delay added by the delay faults active now.</summary>
    public SimTime ExtraDelay => new(_extraDelayNs);

    /// <summary>Loss processes of the loss faults active now.</summary>
    public int ActiveLossFaults => _faultLoss?.Count ?? 0;

    /// <summary>A fault takes the link down (nests: the link is down while any such fault lasts).</summary>
    public void FaultDown() => _downFaults++;

    /// <summary>A down fault ends.</summary>
    public void FaultUp()
    {
        if (_downFaults == 0)
        {
            throw new InvalidOperationException($"Link {Name}: no down fault to end.");
        }

        _downFaults--;
    }

    /// <summary>A delay fault begins: <paramref name="delay"/> is added to every message's latency while it lasts (several add up).</summary>
    public void AddFaultDelay(SimTime delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, SimTime.Zero);
        _extraDelayNs = SaturatingAdd(_extraDelayNs, delay.Nanoseconds);
    }

    /// <summary>A delay fault ends.</summary>
    public void RemoveFaultDelay(SimTime delay) => _extraDelayNs = Math.Max(0, _extraDelayNs - delay.Nanoseconds);

    /// <summary>
    /// A loss fault begins: every message also passes <paramref name="model"/> (its own copy per link, drawing
    /// from the link's fault stream), independently of the link's own loss and of other loss faults.
    /// Returns the copy, to hand to <see cref="RemoveFaultLoss"/>.
    /// </summary>
    public LossModel AddFaultLoss(LossModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        LossModel copy = model.Fresh();
        (_faultLoss ??= []).Add(copy);
        _faultRandom ??= (_streams ?? new RandomStreams(0, 0)).For("fault:" + Name);
        return copy;
    }

    /// <summary>A loss fault ends.</summary>
    public void RemoveFaultLoss(LossModel copy)
    {
        if (_faultLoss is null || !_faultLoss.Remove(copy))
        {
            throw new InvalidOperationException($"Link {Name}: no such loss fault to end.");
        }
    }

    public long Sent { get; private set; }

    public long Lost { get; private set; }

    /// <summary>Transmissions a reliable link repeated after a loss (each delayed the message by a retransmission time-out).</summary>
    public long Retransmitted { get; private set; }

    /// <summary>
    /// Carries one message sent at <paramref name="now"/>: returns its arrival time in nanoseconds,
    /// -1 when it is lost, or <see cref="DownArrival"/> when the link is down. On a reliable link a
    /// loss costs a retransmission time-out instead. The message's size is asked only by a link with a bandwidth.
    /// </summary>
    internal long Carry(long now, Message message)
    {
        Sent++;
        if (!Up || _downFaults > 0)
        {
            Lost++;
            return DownArrival;
        }

        long departure = now;
        if (_hasBandwidth && Options.BandwidthBitsPerSecond is double bps)
        {
            long start = Math.Max(now, _busyUntil);
            departure = SaturatingAdd(start, SerialisationNanoseconds(message.SizeBytes, bps));
            _busyUntil = departure;
        }

        if ((_loss > 0 && _random.NextBernoulli(_loss)) | (_faultLoss is { Count: > 0 } && FaultLost()))
        {
            if (!_reliable)
            {
                Lost++;
                return -1;
            }

            departure = Retransmit(departure);
        }

        long latency = _constantLatencyNs >= 0 ? _constantLatencyNs : Options.Latency!.SampleTime(_random).Nanoseconds;
        return SaturatingAdd(SaturatingAdd(departure, latency), _extraDelayNs);
    }

    /// <summary>Whether a loss fault loses the message: each active loss process draws (from the fault stream), and any of them loses it.</summary>
    private bool FaultLost()
    {
        bool lost = false;
        foreach (LossModel m in _faultLoss!)
        {
            lost |= m.Lose(_faultRandom!);
        }

        return lost;
    }

    /// <summary>A reliable link lost the transmission at <paramref name="departure"/>: it goes again after the time-out, doubling while it keeps being lost.</summary>
    private long Retransmit(long departure)
    {
        long rto = Options.RetransmissionTimeout.Nanoseconds;
        long maxRto = Options.MaxRetransmissionTimeout.Nanoseconds;
        do
        {
            Retransmitted++;
            departure = SaturatingAdd(departure, rto);
            rto = Math.Min(maxRto, rto * 2);
        }
        while ((_loss > 0 && _random.NextBernoulli(_loss)) | (_faultLoss is { Count: > 0 } && FaultLost()));

        return departure;
    }

    /// <summary>
    /// size·8/bandwidth in nanoseconds, computed in floating point and saturated at
    /// <see cref="SimTime.MaxValue"/>: a message too large to be serialised within the clock's range
    /// (e.g. 2000 MB on 1 bit/s, 507 years) finishes at the end of the clock, it is not lost.
    /// </summary>
    internal static long SerialisationNanoseconds(int sizeBytes, double bitsPerSecond)
    {
        double ns = Math.Round(sizeBytes * 8.0 / bitsPerSecond * SimTime.NanosPerSecond);
        return ns >= long.MaxValue ? long.MaxValue : ns <= 0 ? 0 : (long)ns;
    }

    /// <summary>a + b for non-negative times, at most <see cref="SimTime.MaxValue"/> (the end of the clock).</summary>
    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
