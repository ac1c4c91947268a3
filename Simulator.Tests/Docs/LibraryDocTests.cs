using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using CpmSim.Core.Kernel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CpmSim.Tests.Docs;

/// <summary>
/// docs/library.md's code blocks are programs: each <c>```csharp</c> block is compiled on its own
/// against CpmSim.Core (as a package user's project would: another assembly, warnings as errors) and
/// run; it must exit with 0, which each block returns only if what it checks holds.
/// </summary>
[NonParallelizable]
public partial class LibraryDocTests
{
    private static readonly Lazy<string> Doc = new(() =>
    {
        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "CpmSim.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        Assert.That(root, Is.Not.Null, "the repository root (CpmSim.sln) is above the test directory");
        return File.ReadAllText(Path.Combine(root!, "docs", "library.md"));
    });

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();

    private static IEnumerable<TestCaseData> Blocks()
    {
        string doc = Doc.Value.Replace("\r\n", "\n", StringComparison.Ordinal);
        int n = 0;
        foreach (Match m in CodeBlock().Matches(doc))
        {
            int line = doc[..m.Index].Count(c => c == '\n') + 1;
            yield return new TestCaseData(m.Groups[1].Value, line).SetName($"LibraryDoc_Block{++n}_AtLine{line}_CompilesAndRuns");
        }
    }

    [Test]
    public void TheTutorialHasItsBlocks() => Assert.That(Blocks().Count(), Is.GreaterThanOrEqualTo(4));

    [TestCaseSource(nameof(Blocks))]
    public void Block_CompilesAndRuns(string code, int line)
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(Simulation).Assembly.Location)
            .Append(typeof(CpmSim.Scenarios.Kinds.ScenarioRegistry).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        string usings = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading.Tasks;";
        var compilation = CSharpCompilation.Create(
            $"LibraryDocBlock{line}",
            [
                CSharpSyntaxTree.ParseText(usings, new CSharpParseOptions(LanguageVersion.Latest)),
                CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: $"docs/library.md:{line}"),
            ],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS8019").ToList();
        Assert.That(problems, Is.Empty, $"the block at docs/library.md line {line} compiles without warnings:\n{string.Join("\n", problems)}");
        Assert.That(result.Success, Is.True);

        var context = new AssemblyLoadContext($"doc-block-{line}", isCollectible: true);
        Assembly[] library = [typeof(Simulation).Assembly, typeof(CpmSim.Scenarios.Kinds.ScenarioRegistry).Assembly];
        context.Resolving += (ctx, name) => library.FirstOrDefault(a => a.GetName().Name == name.Name);
        try
        {
            image.Position = 0;
            Assembly assembly = context.LoadFromStream(image);
            MethodInfo entry = assembly.EntryPoint!;
            TextWriter console = Console.Out;
            var output = new StringWriter();
            Console.SetOut(output);
            object? exit;
            try
            {
                exit = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
            }
            finally
            {
                Console.SetOut(console);
            }

            TestContext.Out.WriteLine(output.ToString());
            Assert.That(exit, Is.EqualTo(0), $"the block at docs/library.md line {line} returned {exit}; it printed:\n{output}");
        }
        finally
        {
            context.Unload();
        }
    }
}
