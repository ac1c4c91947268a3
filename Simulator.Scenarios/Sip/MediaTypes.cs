namespace CpmSim.Scenarios.Sip;

/// <summary>A set of media types, as bits: which streams an answer rejects, which an IWF carries.</summary>
public readonly record struct MediaTypes(int Bits)
{
    public static MediaTypes None => default;

    public static MediaTypes Of(params ReadOnlySpan<MediaType> types)
    {
        MediaTypes set = None;
        foreach (MediaType t in types)
        {
            set = set.With(t);
        }

        return set;
    }

    public bool IsEmpty => Bits == 0;

    public bool Contains(MediaType type) => (Bits & (1 << (int)type)) != 0;

    public MediaTypes With(MediaType type) => new(Bits | (1 << (int)type));

    /// <summary>The types in the set, in enum order.</summary>
    public IEnumerable<MediaType> Types
    {
        get
        {
            foreach (MediaType t in Enum.GetValues<MediaType>())
            {
                if (Contains(t))
                {
                    yield return t;
                }
            }
        }
    }

    public override string ToString() => string.Join(",", Types.Select(SipFormat.Name));
}
