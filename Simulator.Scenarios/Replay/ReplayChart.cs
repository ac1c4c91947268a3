using CpmSim.Core.Tracing.Charts;
using CpmSim.Scenarios.Flows;

namespace CpmSim.Scenarios.Replay;

/// <summary>A replay as a sequence chart: one lifeline per role, arrows labelled with step and message.</summary>
public static class ReplayChart
{
    public static SequenceChart From(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string title = result.Scenario.Flow is { } f ? $"{result.Scenario.Name}: {f.Title}" : result.Scenario.Name;
        var items = result.Records.Select(r => r.Kind switch
        {
            FlowItemKind.Send => new ChartItem(ChartItemKind.Arrow, r.FromRole, r.ToRole, r.Name == r.Rendering ? r.Name : $"{r.Name} ({r.Rendering})", r.SentNs, r.ReceivedNs, r.Step,
                Dashed: r.Rendering.Length > 0 && char.IsDigit(r.Rendering[0]) || r.Name is "MsrpOk" or "NonCpmAck" or "NonCpmNack" or "DeliveryReport"),
            FlowItemKind.Action => new ChartItem(ChartItemKind.Note, r.FromRole, r.FromRole, r.Name, r.SentNs, r.SentNs, r.Step),
            _ => new ChartItem(ChartItemKind.State, r.FromRole, r.ToRole, $"{r.Name} [{r.Rendering}]", r.SentNs, r.SentNs, r.Step),
        }).ToList();
        return new SequenceChart(title, result.Participants, items);
    }
}
