namespace CpmSim.Scenarios.Load;

/// <summary>
/// One number per session, kept by session id (ids count from 1 in arrival order), so that sessions
/// ending out of order still read back in the order they arrived. Four bytes per session.
/// </summary>
internal sealed class SessionSeries
{
    private float[] _values = NewArray(1024);
    private long _highest;

    private static float[] NewArray(int size)
    {
        var a = new float[size];
        Array.Fill(a, float.NaN);
        return a;
    }

    public void Set(long session, double value)
    {
        if (session < 1 || session > int.MaxValue)
        {
            return;
        }

        if (session > _values.Length)
        {
            long size = _values.Length;
            while (size < session)
            {
                size *= 2;
            }

            int old = _values.Length;
            Array.Resize(ref _values, (int)Math.Min(size, Array.MaxLength));
            Array.Fill(_values, float.NaN, old, _values.Length - old);
        }

        _values[session - 1] = (float)value;
        _highest = Math.Max(_highest, session);
    }

    /// <summary>The values set for sessions <paramref name="first"/> to <paramref name="last"/> (inclusive), in arrival order.</summary>
    public List<double> Range(long first, long last)
    {
        var list = new List<double>();
        for (long id = Math.Max(1, first); id <= Math.Min(last, _highest); id++)
        {
            float v = _values[id - 1];
            if (!float.IsNaN(v))
            {
                list.Add(v);
            }
        }

        return list;
    }

    /// <summary>The values set, in arrival order (sessions never set, such as the warm-up's, are skipped).</summary>
    public List<double> Window(long expected)
    {
        var list = new List<double>((int)Math.Clamp(expected, 0, 1 << 24));
        for (long i = 0; i < _highest; i++)
        {
            float v = _values[i];
            if (!float.IsNaN(v))
            {
                list.Add(v);
            }
        }

        return list;
    }
}
