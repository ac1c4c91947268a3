using CpmSim.Core.Kernel;
using CpmSim.Core.Random;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Scenario;

/// <summary>One node of a scenario, as declared. Options that do not apply to its kind stay null.</summary>
public sealed record NodeDefinition
{
    public required string Name { get; init; }

    public required NodeKind Kind { get; init; }

    /// <summary>Where it was declared (<c>file:line:column</c>), for errors.</summary>
    public string Location { get; init; } = string.Empty;

    public ProcessingDefinition? Processing { get; init; }

    /// <summary>The name as declared: several instances (<c>instances: N</c>, named NAME-1..NAME-N) share it.</summary>
    public string Group { get; init; } = string.Empty;

    /// <summary>How peers spread new sessions over this group's instances.</summary>
    public BalancePolicy Balance { get; init; } = BalancePolicy.SessionHash;

    /// <summary>The node's IPv4 address in the pcap export (<c>ip:</c>); null: assigned (see <see cref="Wire.WireAddresses"/>).</summary>
    public string? Ip { get; init; }

    // cpm-client
    public string? Address { get; init; }

    public string? Proxy { get; init; }

    // cpm-server
    public CpmServerMode? Mode { get; init; }

    public string? Core { get; init; }

    public IReadOnlyList<string>? CpmDomains { get; init; }

    // sip-core
    public IReadOnlyList<string>? IsfNames { get; init; }

    public IReadOnlyDictionary<string, string>? Locations { get; init; }

    public bool? Trying { get; init; }

    /// <summary>sip-core and isf: how long a failed instance of a peer is avoided (<c>avoid-failed</c>).</summary>
    public CpmSim.Core.Kernel.SimTime? AvoidFailed { get; init; }

    // isf
    public bool? Reattempt { get; init; }

    public IReadOnlyList<NonCpmService>? Preference { get; init; }

    public IReadOnlyList<string>? IwfNames { get; init; }

    // iwf
    public NonCpmService? Interworks { get; init; }

    public IReadOnlySet<MediaType>? Media { get; init; }

    public long? MaxFileSize { get; init; }

    public RejectEncoding? RejectWith { get; init; }

    public ConfirmMode? Confirm { get; init; }

    public SimTime? NonCpmTimeout { get; init; }

    public bool? SixteenBitReference { get; init; }

    public string? Server { get; init; }

    // smsc / mmsc
    public string? Users { get; init; }

    public bool? Accepts { get; init; }

    public bool? Answers { get; init; }

    public Distribution? DeliveryDelay { get; init; }

    public bool? DeliveryReports { get; init; }
}
