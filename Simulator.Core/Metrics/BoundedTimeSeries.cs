using System.Diagnostics;

namespace CpmSim.Core.Metrics;

/// <summary>
/// A piecewise-constant value over virtual time (a queue length), kept for plotting in at most
/// <see cref="Capacity"/> buckets of equal width from time 0, each with its exact time-weighted
/// mean and its maximum. It is fed at the value's changes (no sampling, no events); when the time
/// runs past the last bucket, adjacent buckets merge pairwise and the width doubles, so memory and
/// the number of points stay bounded however long the run. Times are nanoseconds of virtual time.
/// </summary>
public sealed class BoundedTimeSeries
{
    private readonly double[] _area; // value × nanoseconds within each bucket
    private readonly double[] _max;
    private long _width;
    private long _last; // time of the last change: everything before it is in the buckets
    private double _value;

    /// <param name="capacity">Most buckets kept (even, at least 2).</param>
    /// <param name="initialWidthNs">Bucket width until the run outgrows <paramref name="capacity"/> buckets of it.</param>
    public BoundedTimeSeries(int capacity = 512, long initialWidthNs = 1_000_000)
    {
        if (capacity < 2 || capacity % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"A series needs an even number of buckets, at least 2 (got {capacity}).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialWidthNs);
        _area = new double[capacity];
        _max = new double[capacity];
        _width = initialWidthNs;
    }

    public int Capacity => _area.Length;

    /// <summary>The current bucket width in nanoseconds.</summary>
    public long WidthNs => _width;

    /// <summary>The value changes to <paramref name="value"/> at <paramref name="now"/> (not before the last change).</summary>
    public void Set(long now, double value)
    {
        Advance(now, now);
        _value = value;
        int b = (int)(now / _width);
        if (value > _max[b])
        {
            _max[b] = value;
        }
    }

    /// <summary>The buckets from time 0 to <paramref name="now"/> (not before the last change); the last one ends at <paramref name="now"/>.</summary>
    public IReadOnlyList<TimeSeriesBucket> Buckets(long now)
    {
        Advance(now, now - 1); // the buckets end at now: none is needed for the instant now itself
        var buckets = new List<TimeSeriesBucket>();
        for (int b = 0; b < _area.Length && (long)b * _width < now; b++)
        {
            long start = b * _width;
            long end = Math.Min(EndOf(b), now);
            buckets.Add(new TimeSeriesBucket(start, end, _area[b] / (end - start), _max[b]));
        }

        return buckets;
    }

    /// <summary>
    /// Adds the current value from the last change until <paramref name="now"/> to the buckets it spans,
    /// first merging buckets until the one holding time <paramref name="reach"/> lies within capacity.
    /// </summary>
    private void Advance(long now, long reach)
    {
        if (now < _last)
        {
            throw new ArgumentOutOfRangeException(nameof(now), $"The series is at {_last} ns; it cannot go back to {now} ns.");
        }

        while (reach / _width >= _area.Length)
        {
            Coalesce();
        }

        if (_value == 0)
        {
            _last = now; // nothing to add: most of a queue's life
            return;
        }

        long t = _last;
        while (t < now)
        {
            int b = (int)(t / _width);
            long end = Math.Min(EndOf(b), now);
            _area[b] += _value * (end - t);
            if (_value > _max[b])
            {
                _max[b] = _value;
            }

            t = end;
        }

        _last = now;
    }

    /// <summary>The end of bucket <paramref name="b"/>, at most the end of the clock (a run can reach it).</summary>
    private long EndOf(int b) => _width > long.MaxValue / (b + 1) ? long.MaxValue : (b + 1) * _width;

    private void Coalesce()
    {
        int half = _area.Length / 2;
        for (int i = 0; i < half; i++)
        {
            _area[i] = _area[2 * i] + _area[(2 * i) + 1];
            _max[i] = Math.Max(_max[2 * i], _max[(2 * i) + 1]);
        }

        Array.Clear(_area, half, half);
        Array.Clear(_max, half, half);
        _width = checked(_width * 2);
        Debug.Assert(_last / _width < half + 1, "the merged buckets hold the past");
    }
}
