namespace CpmSim.Scenarios.Cpm;

/// <summary>What an <see cref="IIwfConversion"/> converts for: the IWF, the session's ends, and how to submit to the non-CPM service.</summary>
public readonly struct IwfConversionContext
{
    private readonly Iwf _iwf;

    internal IwfConversionContext(Iwf iwf, long session, string recipient, string? originator)
    {
        _iwf = iwf;
        Session = session;
        Recipient = recipient;
        Originator = originator;
    }

    /// <summary>The IWF's name (e.g. for a link to a kept file).</summary>
    public string Name => _iwf.Name;

    /// <summary>What the IWF carries and how (its service, size limit, SMS reference size).</summary>
    public IwfProfile Profile => _iwf.Profile;

    public long Session { get; }

    /// <summary>The non-CPM recipient's address (empty when the session is not known).</summary>
    public string Recipient { get; }

    /// <summary>The CPM originator the non-CPM user sees as the sender (null: unknown).</summary>
    public string? Originator { get; }

    /// <summary>Whether the session is traced: format a <see cref="Note"/>'s detail only then.</summary>
    public bool IsTraced => _iwf.IsTraced(Session);

    /// <summary>A new reference: one per submitted message (a concatenated SMS shares one over its segments).</summary>
    public long NewReference() => _iwf.NewReference();

    /// <summary>Records a named action of the conversion in the trace.</summary>
    public void Note(string action, string detail) => _iwf.NoteConversion(action, Session, detail);

    /// <summary>Submits one message of <paramref name="bytes"/> to the IWF's service centre (segment <paramref name="segment"/> of <paramref name="segments"/>).</summary>
    public void Submit(long reference, long bytes, int segment = 1, int segments = 1) =>
        _iwf.SubmitContent(Session, reference, Recipient, Originator, bytes, segment, segments);
}
