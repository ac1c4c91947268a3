using System.Globalization;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// A SIP Call-ID as a number: the session (high 40 bits) and a path of up to three one-byte segments
/// — the originator's leg (<c>a</c>, <c>b</c>, ...) and one suffix per B2BUA that made a new dialog
/// from it. It prints as <c>s12-a</c>, <c>s12-a/1</c>, <c>s12-a/cf/2</c>: readable in a trace, and
/// compared, hashed and stored without a string.
/// </summary>
public readonly record struct CallId(long Value)
{
    private const int PathBits = 24;
    private const long MaxSession = (1L << (63 - PathBits)) - 1;
    private const int ControllingSuffix = 255;

    /// <summary>The originator's call of <paramref name="session"/> for its leg number <paramref name="leg"/> (1 = <c>a</c>).</summary>
    public static CallId ForSession(long session, int leg)
    {
        if (session is < 0 or > MaxSession)
        {
            throw new ArgumentOutOfRangeException(nameof(session), session, $"Session ids run from 0 to {MaxSession}.");
        }

        if (leg is < 1 or > 26)
        {
            throw new ArgumentOutOfRangeException(nameof(leg), leg, "An originator has legs a to z (1 to 26).");
        }

        return new CallId((session << PathBits) | ((long)leg << 16));
    }

    /// <summary>The session this call belongs to.</summary>
    public long Session => Value >> PathBits;

    /// <summary>A B2BUA's new call derived from this one: its leg number <paramref name="suffix"/> (1 to 254).</summary>
    public CallId Derived(int suffix)
    {
        if (suffix is < 1 or >= ControllingSuffix)
        {
            throw new ArgumentOutOfRangeException(nameof(suffix), suffix, "A B2BUA numbers its legs 1 to 254.");
        }

        return Append(suffix);
    }

    /// <summary>The Controlling Function's call toward the interworking side (<c>/cf</c>).</summary>
    public CallId DerivedByControllingFunction() => Append(ControllingSuffix);

    private CallId Append(int segment)
    {
        long path = Value & ((1L << PathBits) - 1);
        if ((path & 0xFF) != 0)
        {
            throw new InvalidOperationException($"Call-ID {this}: more than two B2BUAs derived calls from it.");
        }

        int shift = (path & 0xFF00) == 0 ? 8 : 0;
        return new CallId(Value | ((long)segment << shift));
    }

    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        text.Append('s').Append(Session.ToString(CultureInfo.InvariantCulture));
        int leg = (int)((Value >> 16) & 0xFF);
        if (leg > 0)
        {
            text.Append('-').Append((char)('a' + leg - 1));
        }

        for (int shift = 8; shift >= 0; shift -= 8)
        {
            int segment = (int)((Value >> shift) & 0xFF);
            if (segment == ControllingSuffix)
            {
                text.Append("/cf");
            }
            else if (segment > 0)
            {
                text.Append('/').Append(segment.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
