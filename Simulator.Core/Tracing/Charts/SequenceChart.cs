namespace CpmSim.Core.Tracing.Charts;

/// <summary>
/// A message sequence chart: participants (one lifeline each, in order) and items in time order.
/// Writers render it as Mermaid, PlantUML or SVG.
/// </summary>
public sealed record SequenceChart(string Title, IReadOnlyList<string> Participants, IReadOnlyList<ChartItem> Items)
{
    /// <summary>Safe identifiers for text formats: P0, P1, ... in participant order.</summary>
    public IReadOnlyDictionary<string, string> ParticipantIds() =>
        Participants.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => "P" + x.i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

/// <summary>What a chart item is.</summary>
public enum ChartItemKind
{
    /// <summary>A message from one lifeline to another.</summary>
    Arrow,

    /// <summary>An action at one lifeline.</summary>
    Note,

    /// <summary>A state spanning two lifelines (e.g. a session between them).</summary>
    State,
}

/// <summary>
/// One item. For arrows, <see cref="ReceivedNs"/> is the arrival time (-1: lost); <see cref="Dashed"/>
/// marks responses. <see cref="Step"/> is the standard's step label, when it has one.
/// </summary>
public sealed record ChartItem(ChartItemKind Kind, string From, string To, string Text, long SentNs, long ReceivedNs, string? Step = null, bool Dashed = false)
{
    public bool Lost => Kind == ChartItemKind.Arrow && ReceivedNs < 0;

    /// <summary>"7. Rejected (488)" or the text alone when unnumbered.</summary>
    public string Label => Step is null ? Text : $"{Step}. {Text}";
}
