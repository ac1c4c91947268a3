using CpmSim.Scenarios.Flows;

namespace CpmSim.Tests.Scenarios.Flows;

public class FlowMatcherTests
{
    private static readonly FlowDefinition Flow = FlowLoader.Load("t.yaml", """
        name: t
        roles: [A, B, C]
        steps:
          - {step: 1, state: session, between: [A, C], media: [chat]}
          - {step: 2, send: Ping, from: A, to: B}
          - {step: 3, action: think, at: B}
          - {step: 4, send: Pong, from: B, to: A}
        """);

    private static ObservedRecord Send(string name, string from, string to, long t, bool unnumbered = false) => new()
    {
        Kind = FlowItemKind.Send, Name = name, Rendering = name, FromRole = from, ToRole = to, FromNode = from, ToNode = to,
        SentNs = t, ReceivedNs = t + 1, Session = 1, Unnumbered = unnumbered,
    };

    private static ObservedRecord Action(string name, string at, long t) => new()
    {
        Kind = FlowItemKind.Action, Name = name, Rendering = name, FromRole = at, ToRole = at, FromNode = at, ToNode = at, SentNs = t, ReceivedNs = t, Session = 1,
    };

    private static ObservedRecord State(string from, string to, string media, long t) => new()
    {
        Kind = FlowItemKind.State, Name = "session", Rendering = media, FromRole = from, ToRole = to, FromNode = from, ToNode = to, SentNs = t, ReceivedNs = t, Session = 1,
    };

    [Test]
    public void Match_ContextAndUnnumberedRecords_AreSkippedAndTheRestLabelled()
    {
        ObservedRecord[] trace =
        [
            Send("Pong", "B", "A", 0), // the session's earlier life: same message as step 4, before the flow begins
            State("C", "A", "chat", 1),
            Send("Hello", "C", "B", 2), // context: no step mentions Hello
            Send("Ping", "A", "B", 3),
            Send("ACK", "B", "A", 4, unnumbered: true),
            Action("think", "B", 5),
            Action("daydream", "B", 6), // an action the flow does not name
            Send("Pong", "B", "A", 7),
            Send("Ping", "A", "B", 8), // after the flow: later life
        ];

        FlowMatch m = FlowMatcher.Match(Flow, trace);

        Assert.That(m.Conforms, Is.True, () => m.Mismatch!.ToString());
        Assert.That(m.Records.Select(r => r.Step), Is.EqualTo(new string?[] { null, "1", null, "2", null, "3", null, "4", null }));
    }

    [Test]
    public void Match_OutOfOrder_ReportsTheExpectedStepAndWhatWasSeen()
    {
        FlowMatch m = FlowMatcher.Match(Flow, [State("A", "C", "chat", 1), Send("Ping", "A", "B", 2), Send("Pong", "B", "A", 3)]);

        Assert.That(m.Conforms, Is.False);
        Assert.That(m.Mismatch!.Expected.Step, Is.EqualTo("3"));
        Assert.That(m.Mismatch.ToString(), Is.EqualTo("step 3: expected action 'think' at B, saw Pong B → A (Pong) at 3ns"));
    }

    [Test]
    public void Match_TraceEndsEarly_ReportsTheMissingStep()
    {
        FlowMatch m = FlowMatcher.Match(Flow, [State("A", "C", "chat", 1), Send("Ping", "A", "B", 2)]);

        Assert.That(m.Mismatch!.Expected.Step, Is.EqualTo("3"));
        Assert.That(m.Mismatch.Saw, Is.Null);
        Assert.That(m.Mismatch.ToString(), Does.Contain("the trace ended without it"));
    }

    [Test]
    public void Match_PreconditionNeverHeld_ReportsStep1()
    {
        FlowMatch m = FlowMatcher.Match(Flow, [Send("Ping", "A", "B", 2), Action("think", "B", 3), Send("Pong", "B", "A", 4)]);

        Assert.That(m.Mismatch!.Expected.Step, Is.EqualTo("1"));
    }

    [Test]
    public void Match_StateWithOtherMedia_DoesNotSatisfyTheStep()
    {
        FlowMatch m = FlowMatcher.Match(Flow, [State("A", "C", "file(1KB)", 1), Send("Ping", "A", "B", 2)]);

        Assert.That(m.Mismatch!.Expected.Step, Is.EqualTo("1"));
    }

    [Test]
    public void Match_KnownMessageBetweenOtherRoles_IsAMismatchNotContext()
    {
        FlowMatch m = FlowMatcher.Match(Flow, [State("A", "C", "chat", 1), Send("Ping", "A", "B", 2), Send("Ping", "C", "B", 3)]);

        Assert.That(m.Mismatch!.Expected.Step, Is.EqualTo("3"));
        Assert.That(m.Mismatch.Saw!.FromRole, Is.EqualTo("C"));
    }

    [Test]
    public void Match_KnownMessageWithAnEndOutsideTheFlowsRoles_IsContext()
    {
        // e.g. an SMSC's ack arriving while a flow about the MMSC runs: same word, another party.
        FlowMatch m = FlowMatcher.Match(Flow, [State("A", "C", "chat", 1), Send("Ping", "A", "B", 2), Send("Pong", "smsc", "A", 3), Action("think", "B", 4), Send("Pong", "B", "A", 5)]);

        Assert.That(m.Conforms, Is.True, () => m.Mismatch!.ToString());
        Assert.That(m.Records[2].Step, Is.Null);
    }
}
