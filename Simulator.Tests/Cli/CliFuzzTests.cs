using System.Globalization;
using CpmSim.Cli;
using CsCheck;

namespace CpmSim.Tests.Cli;

/// <summary>
/// Bad input never crashes: every built-in scenario file, flow file and the sweep file, mutated (<see cref="FuzzCase"/>),
/// through every command with a mutated command line, in process (<see cref="CliApp.Run(string[], TextWriter, TextWriter)"/>).
/// Each case must exit 0, 1 or 2 — never 70 ("internal error") or with an exception — and an input error
/// caused by the file must name the file. Workloads stay tiny (<c>run --sessions 5</c>, one one-second
/// capacity step, a sweep of 5-session points) so a case costs milliseconds.
/// CI runs the fixed sequence of cases (case i from PCG stream i of <see cref="CiSeed"/>, the same every time)
/// for <see cref="CiBudget"/>, at most <see cref="CiCases"/> (1690 cases in one run here; a busier machine runs fewer, at least <see cref="CiMinimumCases"/>). Nightly: <c>CPMSIM_FUZZ_MINUTES=N</c> runs random cases for N minutes; <c>CPMSIM_FUZZ_SEED</c> replays one.
/// Longest run so far: CPMSIM_FUZZ_MINUTES=10, 15 424 cases, no failure (2026-12-02, 2 cores shared with other jobs); an earlier
/// 10-minute run found, after 12 023 cases, an alias to no anchor that YamlDotNet rejects with an ArgumentException (now a syntax error).
/// </summary>
public class CliFuzzTests
{
    /// <summary>CI runs cases 0, 1, 2, ... of the fixed sequence until this many ran or <see cref="CiBudget"/> passed.</summary>
    private const int CiCases = 3000;

    /// <summary>The CI time budget: the first cases of the sequence are always the same, a slower machine runs fewer.</summary>
    private static readonly TimeSpan CiBudget = TimeSpan.FromSeconds(30);

    /// <summary>At least this many cases must fit in the budget (a case costs milliseconds; far fewer means something got slow).</summary>
    private const int CiMinimumCases = 150;
    private const ulong CiSeed = 0x12F0_2200_CAFE;

    private sealed record Input(string Name, string Text, string Kind, int ProtectedLine);

    private static readonly Lazy<IReadOnlyList<Input>> Inputs = new(LoadInputs);

    private string _dir = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cpmsim-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Run_MutatedFilesAndCommandLines_ExitZeroOneOrTwoAndNameTheFile()
    {
        int inputs = Inputs.Value.Count + 1; // the last "input" is no file: variants, merge, demo
        Gen<FuzzCase> gen = FuzzCase.Generator(inputs, 8);
        string? minutes = Environment.GetEnvironmentVariable("CPMSIM_FUZZ_MINUTES");
        string? seed = Environment.GetEnvironmentVariable("CPMSIM_FUZZ_SEED");
        long cases = 0;
        void Check(FuzzCase c)
        {
            RunCase(c);
            cases++;
        }

        if (seed is not null)
        {
            gen.Sample(Check, seed: seed, iter: 1, threads: 1, print: c => c.ToString());
        }
        else if (minutes is not null && int.TryParse(minutes, NumberStyles.Integer, CultureInfo.InvariantCulture, out int m) && m > 0)
        {
            gen.Sample(Check, writeLine: TestContext.Progress.WriteLine, iter: long.MaxValue, time: m * 60, threads: 1, print: c => c.ToString());
        }
        else
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (uint i = 0; i < CiCases && clock.Elapsed < CiBudget; i++)
            {
                gen.Sample(Check, seed: new PCG(i, CiSeed).ToString(), iter: 1, threads: 1, print: c => c.ToString());
            }
        }

        TestContext.Progress.WriteLine($"fuzz: {cases} cases run");
        Assert.That(cases, Is.GreaterThanOrEqualTo(seed is null && minutes is null ? CiMinimumCases : 1));
    }

    /// <summary>Runs one case and asserts the properties; throws with the case, the mutated file and the command line otherwise.</summary>
    private void RunCase(FuzzCase c)
    {
        string file;
        string text = string.Empty;
        string[] args;
        string kind;
        if (c.Input < Inputs.Value.Count)
        {
            Input input = Inputs.Value[c.Input];
            kind = input.Kind;
            file = Path.Combine(_dir, kind switch { "sweep" => "sweep.yaml", "flowfile" => "flow.yaml", _ => "fuzz.yaml" });
            text = c.Mutate(input.Text, input.ProtectedLine);
            File.WriteAllText(file, text);
            if (kind == "flowfile")
            {
                // A flow file is read through a scenario that names it.
                File.WriteAllText(Path.Combine(_dir, "fuzz.yaml"), "extends: r01\nflow: flow.yaml\n");
            }

            string[][] commands = Commands(kind, kind == "flowfile" ? Path.Combine(_dir, "fuzz.yaml") : file);
            args = commands[c.Command % commands.Length];
        }
        else
        {
            kind = "none";
            file = string.Empty;
            string[][] commands =
            [
                ["variants"],
                ["merge", Path.Combine(_dir, "none"), Path.Combine(_dir, "empty"), "--out", Path.Combine(_dir, "merged")],
                ["demo", "-n", "200", "-r", "2", "-c", "2"],
                ["replay", "--variant", "r01", "--format", "csv"],
                ["check", "--variant", "iwfa-accepts", "--junit", Path.Combine(_dir, "v.xml")],
            ];
            args = commands[c.Command % commands.Length];
        }

        string[] mutated = c.MutateArgs(args, file);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code;
        try
        {
            code = CliApp.Run(mutated, stdout, stderr);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"an exception escaped: {e}\n{Describe(c, mutated, text)}", e);
        }

        string output = stdout + "\n" + stderr;
        string Where() => $"exit {code}\n{output}\n{Describe(c, mutated, text)}";
        if (code is not (0 or 1 or 2) || output.Contains("internal error", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("not exit 0, 1 or 2, or an internal error: " + Where());
        }

        if (code == 2 && kind != "none" && !c.ArgsMutated && !output.Contains(Path.GetFileName(file), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"an input error that does not name the file {Path.GetFileName(file)}: " + Where());
        }
    }

    private static string Describe(FuzzCase c, string[] args, string text) =>
        $"case: {c}\ncommand line: cpmsim {CliApp.CommandLine(args)}\nfile:\n{text}";

    private string[][] Commands(string kind, string file)
    {
        string Out(string name) => Path.Combine(_dir, name);
        return kind switch
        {
            "load" =>
            [
                ["run", file, "--sessions", "5", "--no-plots", "-r", "1", "-p", "1", "--out", Out("run")],
                ["run", file, "--sessions", "5", "--no-plots", "--rate", "20/s", "--seed", "3"],
                ["capacity", file, "--from", "5/s", "--step", "5/s", "--steps", "1", "--step-duration", "1s"],
                ["replay", file, "--format", "csv"],
            ],
            "sweep" =>
            [
                ["sweep", file, "--out", Out("sweep"), "--no-plots", "-p", "1"],
                ["sweep", file, "--shard", "0/2", "--out", Out("shard"), "--no-plots", "-p", "1"],
            ],

            // Weighted towards check, whose replay costs a few milliseconds (rendering a table or a chart costs more).
            _ =>
            [
                ["check", file],
                ["check", file, "--seed", "7"],
                ["check", file, "--junit", Out("r.xml")],
                ["check", file],
                ["replay", file, "--format", "csv", "--seed", "7"],
                ["replay", file],
                ["replay", file, "--format", "svg", "--out", Out("r.svg")],
                ["run", file, "--rate", "20/s", "--sessions", "5", "--no-plots", "-p", "1"],
            ],
        };
    }

    private static IReadOnlyList<Input> LoadInputs()
    {
        string? dir = TestContext.CurrentContext.TestDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "CpmSim.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        string scenarios = Path.Combine(dir!, "scenarios");
        var inputs = new List<Input>();
        foreach (string path in Directory.GetFiles(scenarios, "*.yaml").Order(StringComparer.Ordinal))
        {
            string text = File.ReadAllText(path);
            if (text.Contains("grid:", StringComparison.Ordinal))
            {
                // The sweep, made small: one replication, 5 sessions a point (a line no mutation touches).
                text = text.Replace("replications: 3", "replications: 1", StringComparison.Ordinal).Replace("sessions: [3000]", "sessions: [5]", StringComparison.Ordinal);
                string[] lines = text.Split('\n');
                inputs.Add(new Input(Path.GetFileName(path), text, "sweep", Array.FindIndex(lines, l => l.Contains("sessions: [5]", StringComparison.Ordinal))));
            }
            else
            {
                inputs.Add(new Input(Path.GetFileName(path), text, text.Contains("workload:", StringComparison.Ordinal) ? "load" : "flow", -1));
            }
        }

        foreach (string path in Directory.GetFiles(Path.Combine(scenarios, "flows"), "*.yaml").Order(StringComparer.Ordinal))
        {
            inputs.Add(new Input("flows/" + Path.GetFileName(path), File.ReadAllText(path), "flowfile", -1));
        }

        return inputs;
    }
}
