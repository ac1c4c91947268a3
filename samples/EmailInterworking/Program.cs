// Extending CpmSim from outside the library: a CPM↔e-mail IWF kind (its own non-CPM service, mail
// server, delays and size limit) and an ISF policy of its own, registered by name, then used by a
// scenario file (email.yaml: kind: email-iwf, policy: fewest-sessions) that is replayed and checked
// against the seed's flow (R01, with IWF B the e-mail IWF). Exits 1 when a check fails.
//
//   dotnet run --project samples/EmailInterworking
using CpmSim.Samples.EmailInterworking;
using CpmSim.Scenarios.Cpm;
using CpmSim.Scenarios.Files;
using CpmSim.Scenarios.Flows;
using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Replay;
using CpmSim.Scenarios.Scenario;

// 1. Register what the scenario file names: the service, its two node kinds, the conversion and the policy.
ScenarioRegistry.Register(EmailService.Instance);
ScenarioRegistry.Register(EmailIwfKind.Kind);
ScenarioRegistry.Register(MailServerKind.Kind);
ScenarioRegistry.IwfConversions.Register(EmailConversion.Name, EmailConversion.Instance);
ScenarioRegistry.IsfPolicies.Register(FewestSessionsPolicy.Name, () => new FewestSessionsPolicy());

// 2. Load the scenario, build it and replay its one session.
string file = Path.Combine(AppContext.BaseDirectory, "email.yaml");
ScenarioDefinition scenario = ScenarioLoader.LoadFile(file);
BuiltScenario built = ScenarioBuilder.Build(scenario);
ReplayResult result = ReplayRunner.Run(built);
foreach (ObservedRecord r in result.Records.Where(r => r.Step is not null))
{
    Console.WriteLine(FormattableString.Invariant($"{r.Step,5}  {r.SentNs / 1e6,9:0.###} ms  {r.FromRole,-6} -> {r.ToRole,-6} {r.Name} {r.Rendering}"));
}

// 3. Check the flow and what the extension did.
var failures = new List<string>();
if (result.Match is not { Conforms: true })
{
    failures.Add($"the flow does not conform to {scenario.Flow?.Name}: {result.Match?.Mismatch}");
}

if (result.Session.Outcome != SessionOutcome.Success)
{
    failures.Add($"the session ended {result.Session.Outcome}, not Success");
}

var isf = built.Network.Nodes.OfType<Isf>().Single();
var iwfEmail = built.Network.Nodes.OfType<Iwf>().Single(i => i.Name == "iwf-email");
if (isf.Policy is not FewestSessionsPolicy policy || policy.Given.GetValueOrDefault(iwfEmail.Id) != 1)
{
    failures.Add("the ISF did not give the file's session to the e-mail IWF through the fewest-sessions policy");
}

if (!result.Records.Any(r => r.FromNode == "iwf-email" && r.ToNode == "mail" && r.Rendering == "SMTP DATA"))
{
    failures.Add("the e-mail IWF sent no SMTP DATA with the file to the mail server");
}

if (built.Network.Nodes.OfType<NonCpmUser>().Single().OtherMessages == 0)
{
    failures.Add("no mail reached the user's mailbox");
}

// 4. A name the registry does not know is an error at its place in the file, with a hint.
try
{
    ScenarioLoader.Load(file, File.ReadAllText(file).Replace("policy: fewest-sessions", "policy: fewest-session", StringComparison.Ordinal));
    failures.Add("an unknown policy name was accepted");
}
catch (FileErrorException e) when (e.Errors.Any(x => x.Line > 0 && x.Hint?.Contains("did you mean 'fewest-sessions'?", StringComparison.Ordinal) == true))
{
    Console.WriteLine($"a misspelt policy is reported: {e.Errors[0]}");
}

Console.WriteLine(failures.Count == 0 ? "e-mail interworking: conforms to the R01 flow, the file went by e-mail" : "FAILED:\n  " + string.Join("\n  ", failures));
return failures.Count == 0 ? 0 : 1;
