// A custom variant built in code: the operator prefers MMS over SMS.
//
// Start from the built-in seed scenario (r01), change one policy of the ISF, write down the flow
// you expect, replay one session and check it. Copy this file to explore your own variants.
//
//   dotnet run --project samples/CustomIsfPolicy
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;
using CpmSim.Scenarios.Cpm;

// 1. The seed scenario, as shipped (scenarios/r01.yaml).
ScenarioDefinition seed = ScenarioLoader.LoadBuiltIn("r01");

// 2. The variant: the ISF's operator preference puts MMS first. The chat session is then set up
//    through the CPM-MMS IWF, which can also carry the file: no rejection, no re-attempt.
ScenarioDefinition variant = seed with
{
    Name = "mms-first",
    Nodes = [.. seed.Nodes.Select(n => n.Name == "isf" ? n with { Options = n.Options.With("preference", new[] { NonCpmService.Mms, NonCpmService.Sms }) } : n)],
    Roles = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Orig"] = ["cpm-client"], ["Srv"] = ["cpm-server"], ["Core"] = ["sip-core"], ["Isf"] = ["isf"], ["IwfA"] = ["iwf-mms"],
    },
};

// 3. The flow we expect: the modification travels the Signalling Path to IWF A (now the MMS IWF)
//    and comes back as OK; the file joins the existing session.
string[] path = ["Orig", "Srv", "Core", "Isf", "Core", "IwfA"];
var steps = new List<FlowStep>
{
    new() { Step = "1", Kind = FlowItemKind.State, Name = "session", From = "Orig", To = "IwfA", Media = ["chat"] },
};
for (int i = 0; i + 1 < path.Length; i++)
{
    steps.Add(new() { Step = $"{i + 2}", Kind = FlowItemKind.Send, Name = "Modification", From = path[i], To = path[i + 1] });
}

for (int i = path.Length - 1; i > 0; i--)
{
    steps.Add(new() { Step = $"{steps.Count + 1}", Kind = FlowItemKind.Send, Name = "OK", From = path[i], To = path[i - 1] });
}

steps.Add(new() { Step = $"{steps.Count + 1}", Kind = FlowItemKind.State, Name = "session", From = "Orig", To = "IwfA", Media = ["file"] });
variant = variant with { Flow = new FlowDefinition { Name = "mms-first", Title = "MMS preferred: plain modification", Roles = [.. variant.Roles.Keys], Steps = steps } };

// 4. Replay one session with full tracing and check it against the flow.
ReplayResult result = ReplayRunner.Run(variant);
foreach (ObservedRecord r in result.Records.Where(r => r.Step is not null))
{
    Console.WriteLine(FormattableString.Invariant($"{r.Step,4}  {r.SentNs / 1e6,8:0.###} ms  {r.FromRole,-5} -> {r.ToRole,-5} {r.Name} {r.Rendering}"));
}

Console.WriteLine(result.Match!.Conforms ? "conforms to mms-first" : $"does not conform: {result.Match.Mismatch}");
Console.WriteLine(FormattableString.Invariant($"outcome {result.Session.Outcome}, modification delay {result.Session.ModificationDelayNs / 1e6:0.###} ms"));
return result.Match.Conforms && result.Session.Outcome == SessionOutcome.Success ? 0 : 1;
