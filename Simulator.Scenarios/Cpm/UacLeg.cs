using CpmSim.Core.Kernel;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Cpm;

/// <summary>
/// One dialog a node holds as caller (user agent client): its outstanding INVITE transaction with
/// Timer B, and the dialog once a 2xx has set it up. <see cref="SipNode"/> sends on it and completes it.
/// </summary>
public abstract class UacLeg
{
    public Dialog? Dialog { get; set; }

    /// <summary>The request awaiting its final response, if any.</summary>
    public SipRequest? Outstanding { get; set; }

    public EventHandle TimerB { get; set; }
}
