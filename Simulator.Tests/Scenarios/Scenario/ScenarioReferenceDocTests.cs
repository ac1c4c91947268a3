using CpmSim.Scenarios.Kinds;
using CpmSim.Scenarios.Scenario;

namespace CpmSim.Tests.Scenarios.Scenario;

/// <summary>The scenario-file reference must document every key the loader accepts.</summary>
public class ScenarioReferenceDocTests
{
    private static string Doc() => File.ReadAllText(DocPath());

    private static string DocPath()
    {
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CpmSim.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.That(dir, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        return Path.Combine(dir!, "docs", "scenario-files.md");
    }

    [Test]
    public void Reference_DocumentsEveryAcceptedKey()
    {
        string doc = Doc();
        IEnumerable<string> keys = ScenarioLoader.TopKeys
            .Concat(NodesSection.ProcessingKeys)
            .Concat(SessionSection.SessionKeys)
            .Concat(LinksSection.LinkKeys)
            .Concat(ExpectSection.ExpectKeys)
            .Concat(WorkloadSection.WorkloadKeys)
            .Concat(WorkloadSection.BehaviourKeys)
            .Concat(WorkloadSection.PopulationKeys)
            .Concat(WorkloadSection.StepKeys)
            .Concat(ExpectSection.CapacityKeys)
            .Concat(["instances", "balance", "session-hash", "round-robin"])
            .Concat(NodeKindReference.BuiltIn.SelectMany(k => k.Keys).Select(k => k.Name))
            .Concat(NodeKindReference.BuiltIn.Select(k => k.Name))
            .Concat(ExpectSection.Outcomes.Keys);

        Assert.That(keys.Distinct().Where(k => !doc.Contains($"`{k}`", StringComparison.Ordinal)), Is.Empty);
    }

    /// <summary>
    /// The node-kind table is the kinds' own declaration, rendered: a key, default or help text changed in
    /// code and not in the reference fails here. Run with CPMSIM_UPDATE_DOCS=1 to rewrite the table.
    /// </summary>
    [Test]
    public void Reference_NodeKindTable_IsGeneratedFromTheRegistry()
    {
        string doc = Doc().Replace("\r\n", "\n", StringComparison.Ordinal);
        string table = NodeKindReference.Markdown(NodeKindReference.BuiltIn);
        int begin = doc.IndexOf(NodeKindReference.Begin, StringComparison.Ordinal);
        int end = doc.IndexOf(NodeKindReference.End, StringComparison.Ordinal);
        Assert.That(begin >= 0 && end > begin, Is.True, "docs/scenario-files.md marks the generated node-kind table");
        string current = doc[begin..(end + NodeKindReference.End.Length + 1)];
        if (current != table && Environment.GetEnvironmentVariable("CPMSIM_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocPath(), doc.Replace(current, table, StringComparison.Ordinal));
            current = table;
        }

        Assert.That(current, Is.EqualTo(table), "the node-kind table in docs/scenario-files.md is out of date: run this test with CPMSIM_UPDATE_DOCS=1");
    }

    [Test]
    public void Markdown_KindWithAKey_ListsTheKeyWithTypeDefaultAndHelp()
    {
        var kind = new NodeKind("probe", d => new CpmSim.Scenarios.Cpm.NonCpmUser(d.Name))
        {
            Keys = [NodeKey.Time("patience", "`5s`", "how long it waits")],
        };

        Assert.That(NodeKindReference.Markdown([kind]), Does.Contain("| `probe` | `patience` | time (e.g. 20s) | `5s` | how long it waits |"));
    }
}
