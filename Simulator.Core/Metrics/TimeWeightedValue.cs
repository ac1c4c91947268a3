namespace CpmSim.Core.Metrics;

/// <summary>
/// A piecewise-constant quantity over virtual time (queue length, busy servers): its time-weighted
/// mean and its maximum. Times are nanoseconds of virtual time.
/// </summary>
public sealed class TimeWeightedValue
{
    private long _lastChange;
    private double _value;
    private double _area;
    private long _start;

    public TimeWeightedValue(long startTime = 0)
    {
        _start = startTime;
        _lastChange = startTime;
    }

    public double Current => _value;

    public double Max { get; private set; }

    /// <summary>
    /// Optional: also keeps the value over the whole run in a bounded series (for plots), fed at
    /// every change; not cleared by <see cref="Reset"/>. Null (the default) costs one null check per change.
    /// </summary>
    public BoundedTimeSeries? Series { get; set; }

    /// <summary>Sets a new value at <paramref name="now"/> (not before the last change).</summary>
    public void Set(long now, double value)
    {
        _area += _value * (now - _lastChange);
        _lastChange = now;
        _value = value;
        if (value > Max)
        {
            Max = value;
        }

        Series?.Set(now, value);
    }

    public void Add(long now, double delta) => Set(now, _value + delta);

    /// <summary>The time-weighted mean from the start (or last reset) until <paramref name="now"/>.</summary>
    public double Mean(long now)
    {
        long span = now - _start;
        return span <= 0 ? _value : (_area + (_value * (now - _lastChange))) / span;
    }

    /// <summary>The integral of the value over time until <paramref name="now"/>, in value·nanoseconds.</summary>
    public double Integral(long now) => _area + (_value * (now - _lastChange));

    /// <summary>Forgets history before <paramref name="now"/> (warm-up deletion); keeps the current value.</summary>
    public void Reset(long now)
    {
        _area = 0;
        _start = now;
        _lastChange = now;
        Max = _value;
    }
}
