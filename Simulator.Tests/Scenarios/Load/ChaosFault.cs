using CsCheck;

namespace CpmSim.Tests.Scenarios.Load;

/// <summary>One generated fault of a chaos case with faults: any kind, on any node group or link of r01, early in the run, with or without an end.</summary>
public sealed record ChaosFault(string Kind, int Target, string At, string? For, string Loss)
{
    /// <summary>The node groups a crash or silence may hit (the client counts the sessions and cannot crash).</summary>
    public static readonly string[] Nodes = [.. ChaosCase.NodeGroups, "sms-user"];

    public static Gen<ChaosFault> Generator { get; } =
        Gen.Select(
            Gen.OneOf("down", "loss", "delay", "crash", "silent", "partition"),
            Gen.Int[0, 100],
            Gen.OneOf("0s", "500ms", "2s", "10s"),
            Gen.OneOf<string?>(null, "1s", "5s", "5s", "40s"),
            Gen.OneOf("5%", "50%", "gilbert(p=1%, r=30%, bad-loss=50%)", "gilbert(p=10%, r=10%, bad-loss=100%)"),
            (kind, target, at, duration, loss) => new ChaosFault(kind, target, at, duration, loss));

    public override string ToString()
    {
        (string a, string b) = ChaosCase.LinkPairs[Target % ChaosCase.LinkPairs.Length];
        string node = Nodes[Target % Nodes.Length];
        string what = Kind switch
        {
            "down" => $"link: [{a}, {b}], down: true",
            "loss" => $"link: [{a}, {b}], loss: \"{Loss}\"",
            "delay" => $"link: [{a}, {b}], delay: +{(Target % 2 == 0 ? "300ms" : "5s")}",
            "crash" => $"node: {node}, crash: true",
            "silent" => $"node: {node}, silent: true",
            _ => Target % 2 == 0 ? "partition: [[cpm-client, cpm-server, sip-core], [isf, iwf-sms, iwf-mms]]" : "partition: [[cpm-client, cpm-server], [sip-core, isf, iwf-sms, iwf-mms]]",
        };
        return $"{{at: {At}{(For is null ? string.Empty : $", for: {For}")}, {what}}}";
    }
}
