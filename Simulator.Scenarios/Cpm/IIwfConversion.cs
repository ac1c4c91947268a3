namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// How an IWF converts CPM content — a chat message or a file, each one MSRP SEND — into messages of
/// its non-CPM service (SMS: segmented short messages, a file as a link; MMS: one multimedia message).
/// Selected by name in a scenario file (<c>conversion: sms</c> on an iwf; by default the one of its
/// service); register your own in <see cref="Kinds.ScenarioRegistry.IwfConversions"/>. One instance
/// serves every IWF that names it: keep per-session state in the IWF, not here.
/// </summary>
public interface IIwfConversion
{
    /// <summary>Converts <paramref name="content"/> and submits the result through <paramref name="iwf"/>.</summary>
    void Convert(in IwfConversionContext iwf, MsrpMessage content);
}
